// year, month, day_of_month, ... of a time in seconds since the epoch (UTC),
// computed as Prometheus computes them: the float is converted to whole
// seconds the way Go converts on amd64 and the calendar is Go's time package
// arithmetic, including its wrap-around for times beyond its range.

#include <cmath>
#include <cstdint>
#include <utility>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

constexpr uint64_t kSecondsPerDay = 86400;
constexpr uint64_t kSecondsPerWeek = 7 * kSecondsPerDay;
constexpr uint64_t kDaysPer400Years = 365 * 400 + 97;
constexpr uint64_t kDaysPer100Years = 365 * 100 + 24;
constexpr uint64_t kDaysPer4Years = 365 * 4 + 1;
// Go counts time in seconds since 1 Jan of year -292277022399 (its
// "absolute zero", a multiple of 400 years before year 1); the Unix epoch is
// this many seconds after it.
constexpr int64_t kAbsoluteZeroYear = -292277022399;
constexpr uint64_t kUnixToAbsolute = 9223372028715321600ULL;
// Days before the first of each month in a non-leap year; the 13th entry
// is the year's length.
constexpr int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

// Go's int64(f) on amd64 (CVTTSD2SI): truncation, and the minimum int64 for
// NaN, infinities and values out of range.
int64_t go_amd64_int64(double f) {
  if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(f);
}

uint64_t absolute_seconds(double unix_seconds) {
  // Wraps modulo 2^64 exactly as Go's uint64 conversion does.
  return static_cast<uint64_t>(go_amd64_int64(unix_seconds)) + kUnixToAbsolute;
}

bool is_leap(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

struct CivilDate {
  int64_t year;
  int month;     // 1-12
  int day;       // 1-31
  int year_day;  // 0-365
};

CivilDate civil_date(uint64_t abs) {
  uint64_t d = abs / kSecondsPerDay;
  uint64_t n = d / kDaysPer400Years;
  uint64_t y = 400 * n;
  d -= kDaysPer400Years * n;
  // The last day of a 400-year (4-year) cycle would count as a fifth
  // century (year); the n >> 2 correction keeps it in the fourth.
  n = d / kDaysPer100Years;
  n -= n >> 2;
  y += 100 * n;
  d -= kDaysPer100Years * n;
  n = d / kDaysPer4Years;
  y += 4 * n;
  d -= kDaysPer4Years * n;
  n = d / 365;
  n -= n >> 2;
  y += n;
  d -= 365 * n;

  CivilDate date{static_cast<int64_t>(y) + kAbsoluteZeroYear, 0, 0, static_cast<int>(d)};
  int day = date.year_day;
  if (is_leap(date.year)) {
    if (day == 31 + 29 - 1) {
      date.month = 2;
      date.day = 29;
      return date;
    }
    if (day > 31 + 29 - 1) --day;  // after the leap day: count as a common year
  }
  int month = day / 31;  // at most one month too low
  if (day >= kDaysBefore[month + 1]) ++month;
  date.month = month + 1;
  date.day = day - kDaysBefore[month] + 1;
  return date;
}

int days_in(int month, int64_t year) {
  if (month == 2 && is_leap(year)) return 29;
  return kDaysBefore[month] - kDaysBefore[month - 1];
}

double year(double t) { return static_cast<double>(civil_date(absolute_seconds(t)).year); }
double month(double t) { return civil_date(absolute_seconds(t)).month; }
double day_of_month(double t) { return civil_date(absolute_seconds(t)).day; }
double day_of_year(double t) { return civil_date(absolute_seconds(t)).year_day + 1; }
double days_in_month(double t) {
  const CivilDate date = civil_date(absolute_seconds(t));
  return days_in(date.month, date.year);
}
// Go's absolute zero is a Monday.
double day_of_week(double t) {
  return static_cast<double>((absolute_seconds(t) + kSecondsPerDay) % kSecondsPerWeek / kSecondsPerDay);
}
double hour(double t) { return static_cast<double>(absolute_seconds(t) % kSecondsPerDay / 3600); }
double minute(double t) { return static_cast<double>(absolute_seconds(t) % 3600 / 60); }

constexpr std::pair<std::string_view, ValueFunction> kDateFunctions[] = {
    {"year", year},         {"month", month}, {"day_of_month", day_of_month}, {"day_of_week", day_of_week},
    {"day_of_year", day_of_year}, {"days_in_month", days_in_month}, {"hour", hour}, {"minute", minute},
};

}  // namespace

ValueFunction find_date_function(std::string_view name) {
  for (const auto& [function_name, function] : kDateFunctions) {
    if (function_name == name) return function;
  }
  return nullptr;
}

}  // namespace vigil::promql::kernels
