#include "core/byte_size.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(ByteSize, ParsesUnitsAsPowersOf1024) {
  EXPECT_EQ(parse_byte_size("0").value(), 0u);
  EXPECT_EQ(parse_byte_size("512").value(), 512u);
  EXPECT_EQ(parse_byte_size("512B").value(), 512u);
  EXPECT_EQ(parse_byte_size("4KB").value(), 4096u);
  EXPECT_EQ(parse_byte_size("4KiB").value(), 4096u);
  EXPECT_EQ(parse_byte_size("32MB").value(), 32u << 20);
  EXPECT_EQ(parse_byte_size("10GiB").value(), 10ull << 30);
  EXPECT_EQ(parse_byte_size("1EB").value(), 1ull << 60);
}

TEST(ByteSize, RejectsBadInput) {
  for (const char* bad : {"", "MB", "1.5GB", "-1", "10 MB", "10mb", "10XB", "16EB", "99999999999999999999"}) {
    auto r = parse_byte_size(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_NE(r.error().message.find("invalid byte size"), std::string::npos);
  }
}

TEST(ByteSize, FormatsLargestExactUnit) {
  EXPECT_EQ(format_byte_size(0), "0B");
  EXPECT_EQ(format_byte_size(1000), "1000B");
  EXPECT_EQ(format_byte_size(32u << 20), "32MiB");
  EXPECT_EQ(format_byte_size(1536), "1536B");
  for (uint64_t v : {1ull, 1024ull, 1536ull, 5ull << 40}) {
    EXPECT_EQ(parse_byte_size(format_byte_size(v)).value(), v);
  }
}

}  // namespace
}  // namespace vigil
