#include "api/http/openapi_time.h"

#include <fmt/format.h>

#include <optional>

namespace vigil::api {
namespace {

using namespace std::chrono_literals;
using std::chrono::days;
using std::chrono::sys_days;

bool is_digit(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

int digits_value(std::string_view s, size_t pos, size_t n) {
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) value = value * 10 + (s[i] - '0');
  return value;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

// Go's time.Parse against "2006-01-02 15:04:05", for its error message; the
// message, or nullopt when that layout would have parsed the text.
std::optional<std::string> go_layout_error(std::string_view value) {
  const std::string prefix = "parsing time " + quoted(value);
  const auto cannot_parse = [&](std::string_view rest, std::string_view element) {
    return prefix + " as \"2006-01-02 15:04:05\": cannot parse " + quoted(rest) + " as " + quoted(element);
  };
  const auto out_of_range = [&](std::string_view what) { return prefix + ": " + std::string(what) + " out of range"; };
  std::string_view rest = value;
  // A two-digit field: `fixed` needs both digits (01, 02, 04, 05); hours take one or two.
  const auto number = [&](bool fixed, int& out) {
    if (!is_digit(rest, 0)) return false;
    if (!is_digit(rest, 1)) {
      if (fixed) return false;
      out = rest[0] - '0';
      rest.remove_prefix(1);
      return true;
    }
    out = digits_value(rest, 0, 2);
    rest.remove_prefix(2);
    return true;
  };
  const auto literal = [&](char c) {
    if (rest.empty() || rest[0] != c) return false;
    rest.remove_prefix(1);
    return true;
  };
  if (rest.size() < 4 || !is_digit(rest, 0) || !is_digit(rest, 1) || !is_digit(rest, 2) || !is_digit(rest, 3)) {
    return cannot_parse(rest, "2006");
  }
  const int year = digits_value(rest, 0, 4);
  rest.remove_prefix(4);
  int month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!literal('-')) return cannot_parse(rest, "-");
  if (std::string_view at = rest; !number(true, month)) return cannot_parse(at, "01");
  if (month < 1 || month > 12) return out_of_range("month");
  if (!literal('-')) return cannot_parse(rest, "-");
  if (std::string_view at = rest; !number(true, day)) return cannot_parse(at, "02");
  if (day < 0 || day > 31) return out_of_range("day");
  if (!literal(' ')) return cannot_parse(rest, " ");
  if (std::string_view at = rest; !number(false, hour)) return cannot_parse(at, "15");
  if (hour > 23) return out_of_range("hour");
  if (!literal(':')) return cannot_parse(rest, ":");
  if (std::string_view at = rest; !number(true, minute)) return cannot_parse(at, "04");
  if (minute > 59) return out_of_range("minute");
  if (!literal(':')) return cannot_parse(rest, ":");
  if (std::string_view at = rest; !number(true, second)) return cannot_parse(at, "05");
  if (second > 59) return out_of_range("second");
  // Go reads a fraction after the seconds even where the layout has none.
  if (rest.size() >= 2 && rest[0] == '.' && is_digit(rest, 1)) {
    size_t n = 1;
    while (is_digit(rest, n)) ++n;
    rest.remove_prefix(n);
  }
  if (!rest.empty()) return prefix + ": extra text: " + quoted(rest);
  if (day < 1 || day > days_in_month(year, month)) return out_of_range("day");
  return std::nullopt;
}

// The layouts strfmt accepts, read as one grammar:
//   date ('T' | ' ') hh ':' mm [':' ss ['.' digits]] [zone]
// where a space needs seconds and no zone, minutes alone allow only "Z" or
// nothing, and zone is "Z", ±hh:mm, or ±hhmm (the last only after a 3- or
// 6-digit fraction, as strfmt's NoColon layouts have it).
std::optional<TimePoint> parse_layouts(std::string_view s) {
  if (s.size() < 16) return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15}) {
    if (!is_digit(s, i)) return std::nullopt;
  }
  if (s[4] != '-' || s[7] != '-' || s[13] != ':' || (s[10] != 'T' && s[10] != ' ')) return std::nullopt;
  const bool space = s[10] == ' ';
  const int year = digits_value(s, 0, 4), month = digits_value(s, 5, 2), day = digits_value(s, 8, 2);
  const int hour = digits_value(s, 11, 2), minute = digits_value(s, 14, 2);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59) {
    return std::nullopt;
  }
  int second = 0;
  int64_t nanos = 0;
  size_t fraction_digits = 0;
  std::string_view rest = s.substr(16);
  const bool has_seconds = rest.size() >= 3 && rest[0] == ':' && is_digit(rest, 1) && is_digit(rest, 2);
  if (has_seconds) {
    second = digits_value(rest, 1, 2);
    if (second > 59) return std::nullopt;
    rest.remove_prefix(3);
    if (rest.size() >= 2 && rest[0] == '.' && is_digit(rest, 1)) {
      size_t n = 1;
      while (is_digit(rest, n)) {
        if (n <= 9) nanos = nanos * 10 + (rest[n] - '0');
        ++n;
      }
      fraction_digits = n - 1;
      for (size_t k = fraction_digits; k < 9; ++k) nanos *= 10;
      rest.remove_prefix(n);
    }
  } else if (space) {
    return std::nullopt;
  }
  std::chrono::minutes offset{0};
  if (!rest.empty()) {
    if (space) return std::nullopt;
    if (rest == "Z") {
      rest = {};
    } else if (!has_seconds) {
      return std::nullopt;
    } else if ((rest[0] == '+' || rest[0] == '-') && (rest.size() == 6 || rest.size() == 5)) {
      const bool colon = rest.size() == 6;
      if (colon && rest[3] != ':') return std::nullopt;
      if (!colon && fraction_digits != 3 && fraction_digits != 6) return std::nullopt;
      const size_t mm = colon ? 4 : 3;
      if (!is_digit(rest, 1) || !is_digit(rest, 2) || !is_digit(rest, mm) || !is_digit(rest, mm + 1)) {
        return std::nullopt;
      }
      const int zone_hours = digits_value(rest, 1, 2), zone_minutes = digits_value(rest, mm, 2);
      if (zone_hours > 24 || zone_minutes > 59) return std::nullopt;
      offset = std::chrono::minutes(zone_hours * 60 + zone_minutes);
      if (rest[0] == '-') offset = -offset;
    } else {
      return std::nullopt;
    }
  }
  const sys_days date{std::chrono::year(year) / std::chrono::month(static_cast<unsigned>(month)) /
                      std::chrono::day(static_cast<unsigned>(day))};
  const std::chrono::sys_seconds seconds = std::chrono::time_point_cast<std::chrono::seconds>(date) +
                                           std::chrono::hours(hour) + std::chrono::minutes(minute) +
                                           std::chrono::seconds(second) - offset;
  // Beyond what the clock's nanoseconds hold (about 1677 to 2262), the
  // nearest end of its range: far enough for "until further notice".
  constexpr auto kLimit = std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()) - 1s;
  if (seconds.time_since_epoch() >= kLimit) return TimePoint::max();
  if (seconds.time_since_epoch() <= -kLimit) return TimePoint::min();
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(seconds.time_since_epoch()) +
                   std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(nanos)));
}

}  // namespace

Result<TimePoint> parse_openapi_datetime(std::string_view text) {
  // strfmt reads "" as Go's zero time, which is before any real time.
  if (text.empty()) return TimePoint::min();
  if (auto parsed = parse_layouts(text)) return *parsed;
  auto message = go_layout_error(text);
  return std::unexpected(
      make_error(ErrorKind::invalid_argument, message ? *message : "parsing time " + quoted(text) + ": cannot parse"));
}

std::string format_openapi_datetime(TimePoint time) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto date = std::chrono::floor<days>(ms);
  const std::chrono::year_month_day ymd{date};
  const std::chrono::hh_mm_ss clock{ms - date};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

}  // namespace vigil::api
