// `vigil tsdb dump DIR [--min-time T] [--max-time T] [SELECTOR...]`: every
// selected sample, one per line, as promtool prints them:
// `{__name__="up", job="a"} 1.5 1700000000000`.

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iterator>
#include <limits>
#include <tuple>

#include "api/http/time_param.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/tsdb_storage.h"
#include "storage/index/selector.h"
#include "vigil/exposition/text_writer.h"

namespace vigil::cli {
namespace {

// Milliseconds as promtool takes them, or RFC 3339.
Result<int64_t> parse_bound(const std::string& flag, const std::string& text) {
  int64_t ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc() && end == text.data() + text.size()) return ms;
  if (text.find('T') != std::string::npos) {
    if (auto parsed = api::parse_time_param(text)) return *parsed;
  }
  return std::unexpected(make_error(ErrorKind::invalid_argument,
                                    flag + ": \"" + text + "\" is neither milliseconds since the epoch nor RFC 3339"));
}

// Prometheus's labels.String(): every label inside the braces, __name__ too.
void append_labels(std::string& out, const storage::LabelSet& labels) {
  out += '{';
  bool first = true;
  for (const storage::Label& label : labels) {
    if (!first) out += ", ";
    first = false;
    out += label.name;
    out += "=\"";
    for (char c : label.value) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += '}';
}

}  // namespace

int run_tsdb_dump(const TsdbDumpOptions& options) {
  int64_t mint = std::numeric_limits<int64_t>::min();
  int64_t maxt = std::numeric_limits<int64_t>::max();
  for (auto [flag, text, bound] :
       {std::tuple{"--min-time", &options.min_time, &mint}, std::tuple{"--max-time", &options.max_time, &maxt}}) {
    if (!text->has_value()) continue;
    auto parsed = parse_bound(flag, **text);
    if (!parsed) {
      fmt::print(stderr, "vigil: {}\n", parsed.error().message);
      return kExitUsageOrConfig;
    }
    *bound = *parsed;
  }
  std::vector<std::vector<storage::index::Matcher>> selections;
  const std::vector<std::string> all_series{R"({__name__=~".+"})"};
  for (const std::string& text : options.selectors.empty() ? all_series : options.selectors) {
    auto matchers = storage::index::parse_series_selector(text);
    if (!matchers) {
      fmt::print(stderr, "vigil: selector {}: {}\n", text, matchers.error().message);
      return kExitUsageOrConfig;
    }
    selections.push_back(std::move(*matchers));
  }

  auto store = TsdbStorage::open(options.dir);
  if (!store) {
    fmt::print(stderr, "vigil: {}\n", store.error().message);
    return kExitRuntimeFailure;
  }
  storage::Querier querier = store->database().querier(mint, maxt);
  // Several selectors print the union of what each selects, each series once.
  std::vector<storage::SeriesData> series;
  for (const auto& matchers : selections) {
    auto selected = querier.select(matchers);
    if (!selected) {
      fmt::print(stderr, "vigil: {}\n", selected.error().message);
      return kExitRuntimeFailure;
    }
    std::move(selected->begin(), selected->end(), std::back_inserter(series));
  }
  std::stable_sort(series.begin(), series.end(), [](const auto& a, const auto& b) { return a.labels < b.labels; });
  series.erase(
      std::unique(series.begin(), series.end(), [](const auto& a, const auto& b) { return a.labels == b.labels; }),
      series.end());

  std::string line;
  for (const storage::SeriesData& one : series) {
    std::string labels;
    append_labels(labels, one.labels);
    for (const storage::Sample& sample : one.samples) {
      line = labels;
      line += ' ';
      exposition::append_float(line, sample.v);
      line += ' ';
      line += std::to_string(sample.t);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  if (std::fflush(stdout) != 0) {
    fmt::print(stderr, "vigil: cannot write the output\n");
    return kExitRuntimeFailure;
  }
  return kExitOk;
}

}  // namespace vigil::cli
