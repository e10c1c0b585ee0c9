#include "api/handlers/metadata_params.h"

#include <algorithm>

#include "api/http/time_param.h"
#include "promql/parser.h"

namespace vigil::api {

Result<int64_t> time_param(const RequestContext& context, const std::string& name, int64_t fallback) {
  const std::string text = form_value(context, name).value_or("");
  if (text.empty()) return fallback;
  auto time = parse_time_param(text);
  if (!time) {
    std::string message = "invalid parameter \"";
    message += name;
    // Prometheus wraps its parse error twice, hence the repeated name.
    message += "\": Invalid time value for '";
    message += name;
    message += "': ";
    message += time.error().message;
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }
  return *time;
}

Result<MatcherSets> match_param(const RequestContext& context) {
  MatcherSets sets;
  auto [first, last] = context.query.equal_range("match[]");
  for (auto it = first; it != last; ++it) {
    auto matchers = promql::parse_metric_selector(it->second);
    if (!matchers) return std::unexpected(matchers.error());
    sets.push_back(std::move(*matchers));
  }
  // Checked after every selector parsed, as Prometheus does, so a parse
  // error in a later selector wins.
  for (const auto& matchers : sets) {
    const bool selects_all =
        std::ranges::all_of(matchers, [](const storage::index::Matcher& m) { return m.matches_empty(); });
    if (selects_all) {
      return std::unexpected(
          make_error(ErrorKind::invalid_argument, "match[] must contain at least one non-empty matcher"));
    }
  }
  return sets;
}

}  // namespace vigil::api
