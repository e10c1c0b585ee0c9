// The `time_intervals` and `mute_time_intervals` sections.

#include "alerting/config_sections.h"

namespace vigil::alerting {
namespace {

// A list of ranges under `key`, each parsed by `parse`.
template <class Parse>
std::optional<std::vector<InclusiveRange>> read_ranges(YamlReader& in, const YAML::Node& node, const char* key,
                                                       Parse parse) {
  std::vector<std::string> texts;
  if (!node[key] || node[key].IsNull()) return std::nullopt;
  if (!in.read(node, key, texts)) return std::vector<InclusiveRange>{};
  std::vector<InclusiveRange> ranges;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto range = parse(texts[i]);
    if (!range) {
      in.problem(node[key][i], range.error().message);
      continue;
    }
    ranges.push_back(*range);
  }
  return ranges;
}

TimeInterval read_time_interval(YamlReader& in, const YAML::Node& node) {
  if (!in.map(node, "timeinterval.TimeInterval")) return TimeInterval{};
  in.check_keys(node, {"times", "weekdays", "days_of_month", "months", "years", "location"},
                "timeinterval.TimeInterval");
  TimeInterval interval;
  const YAML::Node times = node["times"];
  if (times && !times.IsNull()) {
    interval.times.emplace();
    if (in.sequence(times, "[]timeinterval.TimeRange")) {
      for (const auto& entry : times) {
        if (!in.map(entry, "timeinterval.yamlTimeRange")) continue;
        in.check_keys(entry, {"start_time", "end_time"}, "timeinterval.yamlTimeRange");
        std::string start, end;
        in.read(entry, "start_time", start);
        in.read(entry, "end_time", end);
        auto range = parse_minute_range(start, end);
        if (range) {
          interval.times->push_back(*range);
        } else {
          in.problem(entry, range.error().message);
        }
      }
    }
  }
  interval.weekdays = read_ranges(in, node, "weekdays", parse_weekday_range);
  interval.days_of_month = read_ranges(in, node, "days_of_month", parse_day_of_month_range);
  interval.months = read_ranges(in, node, "months", parse_month_range);
  interval.years = read_ranges(in, node, "years", parse_year_range);
  std::string location;
  if (in.read(node, "location", location)) {
    auto zone = TimeZone::load(location);
    if (zone) {
      interval.location = std::move(*zone);
    } else {
      in.problem(node["location"], zone.error().message);
    }
  }
  return interval;
}

}  // namespace

std::optional<NamedTimeInterval> read_named_time_interval(YamlReader& in, const YAML::Node& node,
                                                          std::string_view type) {
  const std::string type_name = type == "mute time interval" ? "config.MuteTimeInterval" : "config.TimeInterval";
  if (!in.map(node, type_name)) return std::nullopt;
  in.check_keys(node, {"name", "time_intervals"}, type_name);
  NamedTimeInterval named;
  named.line = node.Mark().line + 1;
  in.read(node, "name", named.name);
  if (named.name.empty()) in.problem(node, "missing name in " + std::string(type));
  const YAML::Node list = node["time_intervals"];
  if (in.sequence(list, "[]timeinterval.TimeInterval"))
    for (const auto& entry : list) named.intervals.push_back(read_time_interval(in, entry));
  return named;
}

}  // namespace vigil::alerting
