// strfmt.DateTime as Alertmanager 0.25 reads and writes it; the error texts
// are the real binary's answers to the same inputs.

#include "api/http/openapi_time.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

using namespace std::chrono_literals;

std::string round_trip(std::string_view text) {
  auto parsed = parse_openapi_datetime(text);
  return parsed ? format_openapi_datetime(*parsed) : parsed.error().message;
}

TEST(OpenApiTime, Layouts) {
  EXPECT_EQ(round_trip("2026-01-01T00:00:00Z"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(round_trip("2026-01-01T00:00:00.123456789+02:00"), "2025-12-31T22:00:00.123Z");
  EXPECT_EQ(round_trip("2026-01-01T00:00:00.5-01:30"), "2026-01-01T01:30:00.500Z");
  EXPECT_EQ(round_trip("2026-01-01T00:00:00.123+0100"), "2025-12-31T23:00:00.123Z");
  EXPECT_EQ(round_trip("2026-01-01T00:00:00"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(round_trip("2026-01-01 10:11:12"), "2026-01-01T10:11:12.000Z");
  EXPECT_EQ(round_trip("2026-01-01T10:11Z"), "2026-01-01T10:11:00.000Z");
  EXPECT_EQ(round_trip("2026-01-01T10:11"), "2026-01-01T10:11:00.000Z");
  EXPECT_EQ(round_trip("2024-02-29T23:59:59.9999Z"), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(round_trip("1960-05-01T00:00:00Z"), "1960-05-01T00:00:00.000Z");
  EXPECT_EQ(round_trip("2262-04-10T00:00:00Z"), "2262-04-10T00:00:00.000Z");
  EXPECT_EQ(*parse_openapi_datetime("9999-12-31T23:59:59Z"), TimePoint::max());
  EXPECT_EQ(*parse_openapi_datetime("0001-01-01T00:00:00Z"), TimePoint::min());
  EXPECT_EQ(*parse_openapi_datetime(""), TimePoint::min());
}

TEST(OpenApiTime, GoErrors) {
  EXPECT_EQ(round_trip("bad"), R"(parsing time "bad" as "2006-01-02 15:04:05": cannot parse "bad" as "2006")");
  EXPECT_EQ(round_trip("2030-13-01T00:00:00Z"), R"(parsing time "2030-13-01T00:00:00Z": month out of range)");
  EXPECT_EQ(round_trip("2030-02-30 00:00:00"), R"(parsing time "2030-02-30 00:00:00": day out of range)");
  EXPECT_EQ(
      round_trip("2030-01-01T00:00:00+0200"),
      R"(parsing time "2030-01-01T00:00:00+0200" as "2006-01-02 15:04:05": cannot parse "T00:00:00+0200" as " ")");
  EXPECT_EQ(round_trip("2030-01-01 00:00:00x"), R"(parsing time "2030-01-01 00:00:00x": extra text: "x")");
  EXPECT_EQ(round_trip("x"), R"(parsing time "x" as "2006-01-02 15:04:05": cannot parse "x" as "2006")");
}

}  // namespace
}  // namespace vigil::api
