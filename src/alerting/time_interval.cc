#include "alerting/time_interval.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>

#include "alerting/civil_time.h"
#include "core/go_text.h"

namespace vigil::alerting {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> kMonths = {"january",   "february", "march",    "april",
                                                      "may",       "june",     "july",     "august",
                                                      "september", "october",  "november", "december"};

Error interval_error(std::string message) { return make_error(ErrorKind::invalid_config, std::move(message)); }

// strconv.Atoi, with its error text.
Result<int> go_atoi(std::string_view text) {
  std::string_view digits = text;
  const bool plus = digits.starts_with('+');
  if (plus) digits.remove_prefix(1);
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  const std::string prefix = "strconv.Atoi: parsing " + quote_go_string(text);
  if (digits.empty() || (plus && (digits[0] < '0' || digits[0] > '9')) || ec == std::errc::invalid_argument ||
      end != digits.data() + digits.size())
    return std::unexpected(interval_error(prefix + ": invalid syntax"));
  if (ec == std::errc::result_out_of_range) return std::unexpected(interval_error(prefix + ": value out of range"));
  return value;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// "a:b" or "a", lower-cased, each member converted by `member`.
Result<InclusiveRange> parse_range(std::string_view text, const std::function<Result<int>(std::string_view)>& member) {
  const std::string in = lower(text);
  const size_t colon = in.find(':');
  if (colon == std::string::npos) {
    auto v = member(in);
    if (!v) return std::unexpected(v.error());
    return InclusiveRange{*v, *v};
  }
  if (in.find(':', colon + 1) != std::string::npos)
    return std::unexpected(interval_error("couldn't parse range " + in + ", invalid format"));
  auto begin = member(std::string_view(in).substr(0, colon));
  if (!begin) return std::unexpected(begin.error());
  auto end = member(std::string_view(in).substr(colon + 1));
  if (!end) return std::unexpected(end.error());
  return InclusiveRange{*begin, *end};
}

// "HH:MM" from 00:00 to 23:59, or 24:00.
std::optional<int> parse_clock_minutes(std::string_view text) {
  if (text == "24:00") return 24 * 60;
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

bool in_any(const std::vector<InclusiveRange>& ranges, int64_t value) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const InclusiveRange& r) { return value >= r.begin && value <= r.end; });
}

}  // namespace

Result<MinuteRange> parse_minute_range(std::string_view start_time, std::string_view end_time) {
  if (start_time.empty() || end_time.empty())
    return std::unexpected(interval_error("both start and end times must be provided"));
  const auto start = parse_clock_minutes(start_time);
  if (!start)
    return std::unexpected(interval_error("couldn't parse timestamp " + std::string(start_time) + ", invalid format"));
  const auto end = parse_clock_minutes(end_time);
  if (!end)
    return std::unexpected(interval_error("couldn't parse timestamp " + std::string(end_time) + ", invalid format"));
  if (*start >= *end) return std::unexpected(interval_error("start time cannot be equal or greater than end time"));
  return MinuteRange{*start, *end};
}

Result<InclusiveRange> parse_weekday_range(std::string_view text) {
  auto range = parse_range(text, [](std::string_view name) -> Result<int> {
    for (size_t i = 0; i < kWeekdays.size(); ++i)
      if (name == kWeekdays[i]) return static_cast<int>(i);
    return std::unexpected(interval_error(std::string(name) + " is not a valid weekday"));
  });
  if (range && range->begin > range->end) return std::unexpected(interval_error("start day cannot be before end day"));
  return range;
}

Result<InclusiveRange> parse_day_of_month_range(std::string_view text) {
  auto range = parse_range(text, go_atoi);
  if (!range) return range;
  for (int day : {range->begin, range->end})
    if (day == 0 || day < -31 || day > 31)
      return std::unexpected(interval_error(std::to_string(day) + " is not a valid day of the month: out of range"));
  if (range->begin < 0 && range->end > 0)
    return std::unexpected(interval_error("end day must be negative if start day is negative"));
  // Negative days are compared as in the shortest month (28 days), which
  // catches the ranges that are empty in every month.
  const int begin = range->begin < 0 ? 28 + range->begin : range->begin;
  const int end = range->end < 0 ? 28 + range->end : range->end;
  if (begin > end)
    return std::unexpected(interval_error("end day " + std::to_string(range->end) + " is always before start day " +
                                          std::to_string(range->begin)));
  return range;
}

Result<InclusiveRange> parse_month_range(std::string_view text) {
  auto range = parse_range(text, [](std::string_view name) -> Result<int> {
    for (size_t i = 0; i < kMonths.size(); ++i)
      if (name == kMonths[i]) return static_cast<int>(i + 1);
    auto number = go_atoi(name);
    if (!number) return std::unexpected(interval_error(std::string(name) + " is not a valid month"));
    return number;
  });
  if (range && range->begin > range->end) {
    // Alertmanager names the months; a number outside 1..12 has no name.
    const auto name = [](int m) { return m >= 1 && m <= 12 ? std::string(kMonths[m - 1]) : std::string(); };
    return std::unexpected(
        interval_error("end month " + name(range->end) + " is before start month " + name(range->begin)));
  }
  return range;
}

Result<InclusiveRange> parse_year_range(std::string_view text) {
  auto range = parse_range(text, go_atoi);
  if (range && range->begin > range->end)
    return std::unexpected(interval_error("end year " + std::to_string(range->end) + " is before start year " +
                                          std::to_string(range->begin)));
  return range;
}

bool TimeInterval::contains(TimePoint instant) const {
  const int64_t unix_seconds = std::chrono::floor<std::chrono::seconds>(instant).time_since_epoch().count();
  const int64_t local = unix_seconds + (location ? location->offset_at(unix_seconds) : 0);
  const int64_t days = floor_div(local, 86400);
  const int minute_of_day = static_cast<int>((local - days * 86400) / 60);
  const CivilDate date = civil_from_days(days);

  if (times && !std::any_of(times->begin(), times->end(), [&](const MinuteRange& r) {
        return minute_of_day >= r.start_minute && minute_of_day < r.end_minute;
      }))
    return false;
  if (days_of_month) {
    const int month_days = days_in_month(date.year, date.month);
    bool in = false;
    for (const auto& r : *days_of_month) {
      const int begin = r.begin < 0 ? month_days + r.begin + 1 : r.begin;
      const int end = r.end < 0 ? month_days + r.end + 1 : r.end;
      if (begin > month_days) continue;  // the range starts after this month's last day
      const int clamped_begin = std::clamp(begin, -month_days, month_days);
      const int clamped_end = std::clamp(end, -month_days, month_days);
      if (date.day >= clamped_begin && date.day <= clamped_end) {
        in = true;
        break;
      }
    }
    if (!in) return false;
  }
  if (months && !in_any(*months, date.month)) return false;
  if (weekdays && !in_any(*weekdays, weekday_of_days(days))) return false;
  if (years && !in_any(*years, date.year)) return false;
  return true;
}

bool NamedTimeInterval::contains(TimePoint instant) const {
  return std::any_of(intervals.begin(), intervals.end(), [&](const TimeInterval& t) { return t.contains(instant); });
}

}  // namespace vigil::alerting
