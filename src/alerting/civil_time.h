#pragma once
// Calendar arithmetic on the proleptic Gregorian calendar, for time
// intervals and time zone rules (g++ 12 has no std::chrono calendar tzdb).

#include <cstdint>

namespace vigil::alerting {

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of a date, and back.
int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(int64_t days);

// 0 = Sunday ... 6 = Saturday.
int weekday_of_days(int64_t days);

int days_in_month(int64_t year, int month);

// Floor division, for times before 1970.
inline int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace vigil::alerting
