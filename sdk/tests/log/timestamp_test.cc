#include "log/timestamp.h"

#include <gtest/gtest.h>

namespace vigil::log::detail {
namespace {

std::string format(std::chrono::system_clock::time_point t) {
  std::string out;
  append_rfc3339_millis(out, t);
  return out;
}

TEST(TimestampTest, FormatsUtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(format(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
  const auto t = sys_days{2026y / November / 21} + 10h + 0min + 0s + 123ms;
  EXPECT_EQ(format(t), "2026-11-21T10:00:00.123Z");
  EXPECT_EQ(format(sys_days{2024y / February / 29} + 23h + 59min + 59s + 999ms + 999us),
            "2024-02-29T23:59:59.999Z");  // truncated, never rounded into the next day
}

}  // namespace
}  // namespace vigil::log::detail
