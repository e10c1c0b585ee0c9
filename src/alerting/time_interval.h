#pragma once
// Alertmanager's time intervals (`time_intervals:` and the older
// `mute_time_intervals:`): when a route is muted or active. Each part of an
// interval that is given must contain the instant; end times are exclusive,
// day, month and year ranges inclusive, negative days count from the end of
// the month. Without a location, instants are taken in UTC.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerting/alert.h"
#include "alerting/time_zone.h"
#include "core/error.h"

namespace vigil::alerting {

struct MinuteRange {
  int start_minute = 0;  // minutes into the day, inclusive
  int end_minute = 0;    // exclusive; 1440 for 24:00
};

struct InclusiveRange {
  int begin = 0;
  int end = 0;
};

// An absent part (nullopt) does not restrict; a present but empty one
// matches nothing, as in Alertmanager.
struct TimeInterval {
  std::optional<std::vector<MinuteRange>> times;
  std::optional<std::vector<InclusiveRange>> weekdays;       // 0 = Sunday
  std::optional<std::vector<InclusiveRange>> days_of_month;  // 1..31 or -31..-1
  std::optional<std::vector<InclusiveRange>> months;         // 1 = January
  std::optional<std::vector<InclusiveRange>> years;
  std::optional<TimeZone> location;

  bool contains(TimePoint instant) const;
};

struct NamedTimeInterval {
  std::string name;
  std::vector<TimeInterval> intervals;
  int line = 0;

  // Inside any of the intervals.
  bool contains(TimePoint instant) const;
};

// The parts as written in the configuration; errors carry Alertmanager's
// wording ("start time cannot be equal or greater than end time", ...).
Result<MinuteRange> parse_minute_range(std::string_view start_time, std::string_view end_time);
Result<InclusiveRange> parse_weekday_range(std::string_view text);       // "monday:friday", "saturday"
Result<InclusiveRange> parse_day_of_month_range(std::string_view text);  // "1:5", "-3:-1"
Result<InclusiveRange> parse_month_range(std::string_view text);         // "january:march", "1:3"
Result<InclusiveRange> parse_year_range(std::string_view text);          // "2024:2026"

}  // namespace vigil::alerting
