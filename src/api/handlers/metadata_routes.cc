#include "api/handlers/metadata_routes.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/handlers/metadata_params.h"
#include "core/json_writer.h"
#include "api/http/responses.h"
#include "core/go_text.h"

namespace vigil::api {
namespace {

struct TimeRange {
  int64_t start;
  int64_t end;
};

HttpResponse bad_data(const RequestContext& context, std::string_view message) {
  return error_response(context.path, http::status::bad_request, "bad_data", message);
}

HttpResponse execution_error(const RequestContext& context, std::string_view message) {
  return error_response(context.path, http::status::unprocessable_entity, "execution", message);
}

Result<TimeRange> time_range(const RequestContext& context) {
  auto start = time_param(context, "start", kMinApiTime);
  if (!start) return std::unexpected(start.error());
  auto end = time_param(context, "end", kMaxApiTime);
  if (!end) return std::unexpected(end.error());
  return TimeRange{*start, *end};
}

void sort_unique(std::vector<std::string>& values) {
  std::ranges::sort(values);
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

HttpResponse string_array(const std::vector<std::string>& values) {
  std::string data;
  JsonWriter json(data);
  json.begin_array();
  for (const auto& value : values) json.string(value);
  json.end_array();
  return json_response(http::status::ok, success_envelope(data));
}

// Label names or values: of every series when no match[] is given, else the
// union over the selectors.
template <class Lookup>
HttpResponse string_union(const RequestContext& context, const MatcherSets& sets, Lookup lookup) {
  std::vector<std::string> all;
  if (sets.empty()) {
    auto found = lookup(std::span<const storage::index::Matcher>{});
    if (!found) return execution_error(context, found.error().message);
    all = std::move(*found);
  }
  for (const auto& matchers : sets) {
    auto found = lookup(std::span<const storage::index::Matcher>(matchers));
    if (!found) return execution_error(context, found.error().message);
    all.insert(all.end(), found->begin(), found->end());
  }
  sort_unique(all);
  return string_array(all);
}

HttpResponse series(const RequestContext& context, const storage::Database& database) {
  if (context.query.count("match[]") == 0) return bad_data(context, "no match[] parameter provided");
  auto range = time_range(context);
  if (!range) return bad_data(context, range.error().message);
  auto sets = match_param(context);
  if (!sets) {
    std::string message = "invalid parameter \"match[]\": ";
    message += sets.error().message;
    return bad_data(context, message);
  }
  const storage::Querier querier = database.querier(range->start, range->end);
  std::vector<storage::LabelSet> found;
  for (const auto& matchers : *sets) {
    auto selected = querier.select(matchers);
    if (!selected) return execution_error(context, selected.error().message);
    for (auto& series : *selected) found.push_back(std::move(series.labels));
  }
  std::ranges::sort(found);
  found.erase(std::unique(found.begin(), found.end()), found.end());

  std::string data;
  JsonWriter json(data);
  json.begin_array();
  for (const auto& labels : found) {
    json.begin_object();
    for (const auto& label : labels) json.field(label.name, label.value);
    json.end_object();
  }
  json.end_array();
  return json_response(http::status::ok, success_envelope(data));
}

HttpResponse label_names(const RequestContext& context, const storage::Database& database) {
  auto range = time_range(context);
  if (!range) return bad_data(context, range.error().message);
  auto sets = match_param(context);
  if (!sets) return bad_data(context, sets.error().message);
  const storage::Querier querier = database.querier(range->start, range->end);
  return string_union(context, *sets,
                      [&](std::span<const storage::index::Matcher> matchers) { return querier.label_names(matchers); });
}

// Prometheus's model.LabelNameRE: [a-zA-Z_][a-zA-Z0-9_]*.
bool valid_label_name(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name[0])) return false;
  return std::ranges::all_of(name, [&](char c) { return letter(c) || (c >= '0' && c <= '9'); });
}

HttpResponse label_values(const RequestContext& context, const storage::Database& database) {
  const std::string& name = context.path_params.at("name");
  if (!valid_label_name(name)) {
    std::string message = "invalid label name: ";
    message += vigil::quote_go_string(name);
    return bad_data(context, message);
  }
  auto range = time_range(context);
  if (!range) return bad_data(context, range.error().message);
  auto sets = match_param(context);
  if (!sets) return bad_data(context, sets.error().message);
  const storage::Querier querier = database.querier(range->start, range->end);
  return string_union(context, *sets, [&](std::span<const storage::index::Matcher> matchers) {
    return querier.label_values(name, matchers);
  });
}

}  // namespace

void add_metadata_routes(Router& router, const storage::Database& database) {
  router.add({http::verb::get, http::verb::post}, "/api/v1/series",
             [&database](RequestContext& context) { return series(context, database); });
  router.add({http::verb::get, http::verb::post}, "/api/v1/labels",
             [&database](RequestContext& context) { return label_names(context, database); });
  router.add({http::verb::get}, "/api/v1/label/:name/values",
             [&database](RequestContext& context) { return label_values(context, database); });
}

}  // namespace vigil::api
