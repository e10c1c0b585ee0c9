#include "api/http/time_param.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

int64_t ms(std::string_view text) {
  auto parsed = parse_time_param(text);
  EXPECT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
  return parsed.value_or(-1);
}

TEST(TimeParam, UnixSecondsWithFractionRoundedToMilliseconds) {
  EXPECT_EQ(ms("1700000000"), 1700000000000);
  EXPECT_EQ(ms("1700000000.123"), 1700000000123);
  EXPECT_EQ(ms("1700000000.1236"), 1700000000124);
  EXPECT_EQ(ms("1.5e3"), 1500000);
  EXPECT_EQ(ms("-1.5"), -1500);
  EXPECT_EQ(ms("+2"), 2000);
  EXPECT_EQ(ms("0"), 0);
}

TEST(TimeParam, Rfc3339WithZoneAndFractionTruncated) {
  EXPECT_EQ(ms("2023-11-14T22:13:20Z"), 1700000000000);
  EXPECT_EQ(ms("2023-11-14T22:13:20.1239Z"), 1700000000123);
  EXPECT_EQ(ms("2023-11-14T22:13:20.5Z"), 1700000000500);
  EXPECT_EQ(ms("2023-11-14T23:13:20+01:00"), 1700000000000);
  EXPECT_EQ(ms("2023-11-14T21:43:20-00:30"), 1700000000000);
  EXPECT_EQ(ms("1969-12-31T23:59:59Z"), -1000);
  EXPECT_EQ(ms("2024-02-29T00:00:00Z"), 1709164800000);
}

TEST(TimeParam, RejectsWhatIsNeitherWithTheInputInTheMessage) {
  for (std::string_view bad :
       {"", "abc", "NaN", "Inf", "-inf", "0x10", "1e", "1.2.3", "2023-11-14", "2023-11-14T22:13:20",
        "2023-02-29T00:00:00Z", "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:60Z",
        "2023-11-14T22:13:20.Z", "2023-11-14T22:13:20+0100", "2023-11-14 22:13:20Z", "1e300"}) {
    auto parsed = parse_time_param(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_EQ(parsed.error().kind, ErrorKind::invalid_argument);
    EXPECT_EQ(parsed.error().message, "cannot parse \"" + std::string(bad) + "\" to a valid timestamp");
  }
}

}  // namespace
}  // namespace vigil::api
