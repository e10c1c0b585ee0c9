#include "core/duration.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesPrometheusNotation) {
  EXPECT_EQ(parse_duration("0").value(), 0ms);
  EXPECT_EQ(parse_duration("0s").value(), 0ms);
  EXPECT_EQ(parse_duration("150ms").value(), 150ms);
  EXPECT_EQ(parse_duration("30s").value(), 30s);
  EXPECT_EQ(parse_duration("5m").value(), 5min);
  EXPECT_EQ(parse_duration("1h30m").value(), 90min);
  EXPECT_EQ(parse_duration("2d").value(), 48h);
  EXPECT_EQ(parse_duration("1w").value(), 168h);
  EXPECT_EQ(parse_duration("1y").value(), 365 * 24h);
  EXPECT_EQ(parse_duration("1h0m1s2ms").value(), 1h + 1s + 2ms);
}

TEST(Duration, RejectsBadInputWithReason) {
  for (const char* bad : {"", "s", "10", "1.5s", "-1s", "1x", "1m1h", "1s1s", " 1s", "1s ", "99999999999999999999y"}) {
    auto r = parse_duration(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(r.error().message.find(std::string("\"") + bad + "\""), std::string::npos) << r.error().message;
  }
  EXPECT_NE(parse_duration("1m1h").error().message.find("largest to smallest"), std::string::npos);
  EXPECT_NE(parse_duration("3x").error().message.find("unknown unit \"x\""), std::string::npos);
}

TEST(Duration, FormatsShortestAndRoundTrips) {
  EXPECT_EQ(format_duration(0ms), "0s");
  EXPECT_EQ(format_duration(90min), "1h30m");
  EXPECT_EQ(format_duration(1500ms), "1s500ms");
  EXPECT_EQ(format_duration(24h * 15), "2w1d");
  for (Duration d : {Duration(1ms), Duration(59s), Duration(61min), Duration(24h * 366), Duration(24h * 7 + 1ms)}) {
    EXPECT_EQ(parse_duration(format_duration(d)).value(), d) << format_duration(d);
  }
}

}  // namespace
}  // namespace vigil
