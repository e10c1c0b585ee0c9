#include "alerting/time_interval.h"

#include <gtest/gtest.h>

#include "alerting/civil_time.h"
#include "alerting/config.h"

namespace vigil::alerting {
namespace {

TimePoint utc(int64_t year, int month, int day, int hour = 0, int minute = 0) {
  const int64_t seconds = days_from_civil({year, month, day}) * 86400 + hour * 3600 + minute * 60;
  return TimePoint{} + std::chrono::seconds(seconds);
}

NamedTimeInterval interval(std::string_view spec) {
  std::string text =
      "route: {receiver: a}\nreceivers: [{name: a}]\ntime_intervals:\n  - name: t\n    time_intervals:\n";
  text += spec;
  auto config = parse_alerting_config(text, "am.yml");
  EXPECT_TRUE(config) << config.error().message;
  return config ? config->time_intervals.at(0) : NamedTimeInterval{};
}

TEST(TimeInterval, TimesEndExclusive) {
  auto t =
      interval("      - times: [{start_time: '09:00', end_time: '17:00'}, {start_time: '23:00', end_time: '24:00'}]\n");
  EXPECT_FALSE(t.contains(utc(2025, 6, 2, 8, 59)));
  EXPECT_TRUE(t.contains(utc(2025, 6, 2, 9, 0)));
  EXPECT_TRUE(t.contains(utc(2025, 6, 2, 16, 59)));
  EXPECT_FALSE(t.contains(utc(2025, 6, 2, 17, 0)));
  EXPECT_TRUE(t.contains(utc(2025, 6, 2, 23, 59)));
}

TEST(TimeInterval, WeekdaysMonthsYearsTogether) {
  auto t = interval("      - weekdays: ['monday:friday']\n        months: ['march', '6:7']\n        years: ['2025']\n");
  EXPECT_TRUE(t.contains(utc(2025, 6, 2, 12)));   // a Monday in June 2025
  EXPECT_FALSE(t.contains(utc(2025, 6, 1, 12)));  // Sunday
  EXPECT_FALSE(t.contains(utc(2025, 5, 5, 12)));  // May
  EXPECT_FALSE(t.contains(utc(2026, 6, 1, 12)));  // 2026
  EXPECT_TRUE(t.contains(utc(2025, 3, 31, 0)));   // Monday in March
}

TEST(TimeInterval, NegativeDaysCountFromMonthEnd) {
  auto last = interval("      - days_of_month: ['-1']\n");
  EXPECT_TRUE(last.contains(utc(2025, 2, 28)));
  EXPECT_FALSE(last.contains(utc(2024, 2, 28)));  // leap year: the 29th is last
  EXPECT_TRUE(last.contains(utc(2024, 2, 29)));
  EXPECT_TRUE(last.contains(utc(2025, 4, 30)));
  EXPECT_FALSE(last.contains(utc(2025, 3, 30)));
  auto last_three = interval("      - days_of_month: ['-3:-1']\n");
  EXPECT_TRUE(last_three.contains(utc(2025, 2, 26)));
  EXPECT_FALSE(last_three.contains(utc(2025, 2, 25)));
  // Positive to negative: the 5th to the second-to-last day.
  auto middle = interval("      - days_of_month: ['5:-2']\n");
  EXPECT_TRUE(middle.contains(utc(2025, 2, 27)));
  EXPECT_FALSE(middle.contains(utc(2025, 2, 28)));
  EXPECT_FALSE(middle.contains(utc(2025, 2, 4)));
  // A range past the end of a short month is clamped to its last day.
  auto late = interval("      - days_of_month: ['28:31']\n");
  EXPECT_TRUE(late.contains(utc(2025, 2, 28)));
  auto thirty_first = interval("      - days_of_month: ['31']\n");
  EXPECT_FALSE(thirty_first.contains(utc(2025, 4, 30)));
}

TEST(TimeInterval, LocalTimeAcrossDaylightSavingChanges) {
  auto office =
      interval("      - times: [{start_time: '09:00', end_time: '17:00'}]\n        location: Europe/Berlin\n");
  // 07:30 UTC is 08:30 in winter (CET) and 09:30 in summer (CEST); Berlin
  // changes on 2025-03-30 at 01:00 UTC and back on 2025-10-26 at 01:00 UTC.
  EXPECT_FALSE(office.contains(utc(2025, 3, 29, 7, 30)));
  EXPECT_TRUE(office.contains(utc(2025, 3, 30, 7, 30)));
  EXPECT_TRUE(office.contains(utc(2025, 10, 25, 7, 30)));
  EXPECT_FALSE(office.contains(utc(2025, 10, 26, 7, 30)));
  // Beyond the file's transitions the zone's rule applies.
  EXPECT_TRUE(office.contains(utc(2100, 7, 1, 7, 30)));
  EXPECT_FALSE(office.contains(utc(2100, 1, 4, 7, 30)));
  // Days and weekdays are local too: 23:30 UTC on Sunday is Monday in Berlin.
  auto monday = interval("      - weekdays: [monday]\n        location: Europe/Berlin\n");
  EXPECT_TRUE(monday.contains(utc(2025, 6, 1, 23, 30)));
  auto month_end = interval("      - days_of_month: ['-1']\n        location: America/New_York\n");
  // 2025-04-01 02:00 UTC is still March 31st in New York.
  EXPECT_TRUE(month_end.contains(utc(2025, 4, 1, 2, 0)));
  EXPECT_FALSE(month_end.contains(utc(2025, 4, 1, 5, 0)));
}

TEST(TimeInterval, EmptyPartMatchesNothing) {
  auto none = interval("      - weekdays: []\n");
  EXPECT_FALSE(none.contains(utc(2025, 6, 2)));
  auto all = interval("      - {}\n");
  EXPECT_TRUE(all.contains(utc(2025, 6, 2)));
}

TEST(TimeInterval, ParsesParts) {
  EXPECT_EQ(parse_weekday_range("Monday:FRIDAY")->end, 5);
  EXPECT_EQ(parse_month_range("december")->begin, 12);
  EXPECT_EQ(parse_minute_range("00:00", "24:00")->end_minute, 1440);
  EXPECT_FALSE(parse_minute_range("9:00", "10:00"));
  EXPECT_EQ(parse_day_of_month_range("-5:-10").error().message, "end day -10 is always before start day -5");
  EXPECT_EQ(parse_year_range("+2025")->begin, 2025);
}

}  // namespace
}  // namespace vigil::alerting
