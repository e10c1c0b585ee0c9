#include <gtest/gtest.h>

#include <string>

#include "log/json_line.h"
#include "vigil/log/logger.h"

namespace vigil::log {
namespace {

std::string escaped(std::string_view text) {
  std::string out;
  append_json_escaped(out, text);
  return out;
}

TEST(JsonEscapeTest, KeepsPlainTextAndValidUtf8) {
  EXPECT_EQ(escaped("hello, world"), "hello, world");
  EXPECT_EQ(escaped("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(escaped("/path/to'x'"), "/path/to'x'");
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(escaped("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(escaped("\n\r\t"), "\\n\\r\\t");
  EXPECT_EQ(escaped(std::string("\0\x01\x08\x0c\x1b\x1f\x7f", 7)), "\\u0000\\u0001\\u0008\\u000c\\u001b\\u001f\\u007f");
}

TEST(JsonEscapeTest, EscapesLineAndParagraphSeparators) {
  EXPECT_EQ(escaped("a\xE2\x80\xA8"
                    "b\xE2\x80\xA9"
                    "c"),
            "a\\u2028b\\u2029c");
}

TEST(JsonEscapeTest, ReplacesInvalidUtf8WithReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(escaped("\x80"), fffd);  // lone continuation byte
  EXPECT_EQ(escaped("a\xFF"
                    "b"),
            "a" + fffd + "b");                                        // never valid
  EXPECT_EQ(escaped("\xC0\xAF"), fffd + fffd);                        // overlong '/'
  EXPECT_EQ(escaped("\xE0\x80\xAF"), fffd + fffd + fffd);             // overlong, 3 bytes
  EXPECT_EQ(escaped("\xED\xA0\x80"), fffd + fffd + fffd);             // surrogate U+D800
  EXPECT_EQ(escaped("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // U+110000
  EXPECT_EQ(escaped("\xE2\x82"
                    "x"),
            fffd + "x");                     // truncated, one U+FFFD
  EXPECT_EQ(escaped("\xF0\x9F\x98"), fffd);  // truncated at the end
  EXPECT_EQ(escaped("\xC3"), fffd);
}

TEST(JsonEscapeTest, OutputIsAlwaysAValidJsonStringOfValidUtf8) {
  // Every byte value, alone and around a multi-byte lead.
  std::string all;
  for (int b = 0; b < 256; ++b) {
    all += static_cast<char>(b);
    all += "\xE2";
    all += static_cast<char>(b);
  }
  const std::string out = escaped(all);
  EXPECT_TRUE(testing::is_valid_utf8(out));
  const auto parsed = testing::JsonLineParser("{\"k\":\"" + out + "\"}").parse();
  ASSERT_TRUE(parsed.has_value());
  EXPECT_TRUE(testing::is_valid_utf8(parsed->fields[0].second));
}

}  // namespace
}  // namespace vigil::log
