#include "alerting/time_zone.h"

#include <gtest/gtest.h>

#include "alerting/civil_time.h"

namespace vigil::alerting {
namespace {

int64_t unix_at(int64_t year, int month, int day, int hour = 0) {
  return days_from_civil({year, month, day}) * 86400 + hour * 3600;
}

TEST(TimeZone, ReadsSystemZoneFiles) {
  auto berlin = TimeZone::load("Europe/Berlin");
  ASSERT_TRUE(berlin) << berlin.error().message;
  EXPECT_EQ(berlin->offset_at(unix_at(2025, 1, 15)), 3600);
  EXPECT_EQ(berlin->offset_at(unix_at(2025, 7, 15)), 7200);
  EXPECT_EQ(berlin->offset_at(unix_at(2025, 3, 30, 1) - 1), 3600);
  EXPECT_EQ(berlin->offset_at(unix_at(2025, 3, 30, 1)), 7200);
  auto sydney = TimeZone::load("Australia/Sydney");
  ASSERT_TRUE(sydney);
  EXPECT_EQ(sydney->offset_at(unix_at(2025, 1, 15)), 11 * 3600);
  EXPECT_EQ(sydney->offset_at(unix_at(2025, 7, 15)), 10 * 3600);
  EXPECT_EQ(sydney->offset_at(unix_at(2300, 1, 15)), 11 * 3600);  // from the footer rule
  EXPECT_EQ(TimeZone::load("UTC")->offset_at(0), 0);
  EXPECT_EQ(TimeZone::load("")->name(), "UTC");
  EXPECT_TRUE(TimeZone::load("Local"));
}

TEST(TimeZone, RefusesUnknownNames) {
  EXPECT_EQ(TimeZone::load("Nowhere/X").error().message, "unknown time zone Nowhere/X");
  EXPECT_EQ(TimeZone::load("../etc/passwd").error().message, "time: invalid location name");
  EXPECT_FALSE(TimeZone::from_tzif("TZif2garbage", "x"));
}

TEST(TimeZone, PosixRules) {
  auto rule = parse_zone_rule("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(rule) << rule.error().message;
  EXPECT_EQ(rule_offset_at(*rule, unix_at(2040, 1, 1)), -5 * 3600);
  EXPECT_EQ(rule_offset_at(*rule, unix_at(2040, 7, 1)), -4 * 3600);
  // 2040-03-11 is the second Sunday of March: 02:00 EST is 07:00 UTC.
  EXPECT_EQ(rule_offset_at(*rule, unix_at(2040, 3, 11, 7) - 1), -5 * 3600);
  EXPECT_EQ(rule_offset_at(*rule, unix_at(2040, 3, 11, 7)), -4 * 3600);
  auto fixed = parse_zone_rule("<+0530>-5:30");
  ASSERT_TRUE(fixed);
  EXPECT_EQ(rule_offset_at(*fixed, 0), 5 * 3600 + 1800);
  EXPECT_FALSE(parse_zone_rule("X"));
  EXPECT_FALSE(parse_zone_rule("CET-1CEST,M13.5.0,M10.5.0"));
}

}  // namespace
}  // namespace vigil::alerting
