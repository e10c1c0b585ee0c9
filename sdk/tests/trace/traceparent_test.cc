#include "vigil/trace/traceparent.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::trace {
namespace {

constexpr std::string_view kTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr std::string_view kParent = "00f067aa0ba902b7";

std::string header(std::string_view version, std::string_view trace, std::string_view parent, std::string_view flags) {
  return std::string(version) + "-" + std::string(trace) + "-" + std::string(parent) + "-" + std::string(flags);
}

TEST(TraceParentTest, ParsesTheSpecExample) {
  const auto tp = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(tp.has_value());
  EXPECT_EQ(tp->trace_id_hex(), kTrace);
  EXPECT_EQ(tp->parent_id_hex(), kParent);
  EXPECT_EQ(tp->flags, 0x01);
  EXPECT_TRUE(tp->sampled());
  EXPECT_EQ(format_traceparent(*tp), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(TraceParentTest, KeepsAllFlagsOfVersion00) {
  const auto tp = parse_traceparent(header("00", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "00"));
  ASSERT_TRUE(tp.has_value());
  EXPECT_FALSE(tp->sampled());
  EXPECT_EQ(parse_traceparent(header("00", kTrace, kParent, "ff"))->flags, 0xFF);
  EXPECT_EQ(parse_traceparent(header("00", kTrace, kParent, "02"))->flags, 0x02);
}

TEST(TraceParentTest, AcceptsFutureVersionsByTheirKnownFields) {
  EXPECT_TRUE(parse_traceparent(header("cc", kTrace, kParent, "01")).has_value());
  const auto tp = parse_traceparent(header("cc", kTrace, kParent, "03") + "-what-the-future-will-be-like");
  ASSERT_TRUE(tp.has_value());
  EXPECT_EQ(tp->trace_id_hex(), kTrace);
  EXPECT_EQ(tp->flags, 0x01) << "only the sampled bit is known for later versions";
  EXPECT_EQ(format_traceparent(*tp).substr(0, 3), "00-");
  EXPECT_TRUE(parse_traceparent(header("01", kTrace, kParent, "00") + "-").has_value());
}

TEST(TraceParentTest, IgnoresOptionalWhitespaceAroundTheValue) {
  EXPECT_TRUE(parse_traceparent(" \t" + header("00", kTrace, kParent, "01") + " ").has_value());
}

TEST(TraceParentTest, RejectsInvalidHeaders) {
  const std::string valid = header("00", kTrace, kParent, "01");
  const std::vector<std::string> invalid = {
      "",
      valid.substr(0, 54),  // too short
      valid + "-",          // version 00 is exactly 55
      valid + "0",
      header("ff", kTrace, kParent, "01"),                              // forbidden version
      header("cc", kTrace, kParent, "01") + ".what",                    // no '-' after the flags
      header("cc", kTrace, kParent, "0"),                               // future version, too short
      header("0g", kTrace, kParent, "01"),                              // non-hex version
      header("0A", kTrace, kParent, "01"),                              // uppercase version
      header("00", "4BF92F3577B34DA6A3CE929D0E0E4736", kParent, "01"),  // uppercase trace-id
      header("00", kTrace, "00F067AA0BA902B7", "01"),                   // uppercase parent-id
      header("00", kTrace, kParent, "0X"),                              // bad flags
      header("00", std::string(32, '0'), kParent, "01"),                // all-zero trace-id
      header("00", kTrace, std::string(16, '0'), "01"),                 // all-zero parent-id
      header("00", "4bf92f3577b34da6a3ce929d0e0e473g", kParent, "01"),  // non-hex trace-id
      "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // wrong separators
      "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
      "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",  // dashes misplaced
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",   // one-digit flags
  };
  for (const std::string& bad : invalid) {
    EXPECT_FALSE(parse_traceparent(bad).has_value()) << "'" << bad << "'";
  }
}

}  // namespace
}  // namespace vigil::trace
