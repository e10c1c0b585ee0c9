// JSON read as Go's encoding/json Decoder reads it. The syntax error texts
// are those Alertmanager 0.25 answered for the same POST /api/v2/silences
// bodies (after "parsing silence body from \"\" failed, because ").

#include "core/go_json.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

std::string error_of(std::string_view text) {
  auto value = read_go_json(text);
  return value ? "ok" : value.error().message;
}

TEST(GoJson, SyntaxErrorsAsGoWordsThem) {
  EXPECT_EQ(error_of("xx"), "invalid character 'x' looking for beginning of value");
  EXPECT_EQ(error_of("  {\"a\":"), "unexpected EOF");
  EXPECT_EQ(error_of("{\"a\" 1}"), "invalid character '1' after object key");
  EXPECT_EQ(error_of("nul"), "unexpected EOF");
  EXPECT_EQ(error_of("{\"comment\":\"a\tb\"}"), "invalid character '\\t' in string literal");
  EXPECT_EQ(error_of("{\"comment\":\"\\q\"}"), "invalid character 'q' in string escape code");
  EXPECT_EQ(error_of("{\"a\":1 \"b\":2}"), "invalid character '\"' after object key:value pair");
  EXPECT_EQ(error_of("[1 2]"), "invalid character '2' after array element");
  EXPECT_EQ(error_of("{1:2}"), "invalid character '1' looking for beginning of object key string");
  EXPECT_EQ(error_of("[1,]"), "invalid character ']' looking for beginning of value");
  EXPECT_EQ(error_of("{\"a\":tru}"), "invalid character '}' in literal true (expecting 'e')");
  EXPECT_EQ(error_of("-x"), "invalid character 'x' in numeric literal");
  EXPECT_EQ(error_of("1.x"), "invalid character 'x' after decimal point in numeric literal");
  EXPECT_EQ(error_of("1ex"), "invalid character 'x' in exponent of numeric literal");
  EXPECT_EQ(error_of("\"\\u12g4\""), "invalid character 'g' in \\u hexadecimal character escape");
  EXPECT_EQ(error_of("'"), "invalid character '\\'' looking for beginning of value");
  EXPECT_EQ(error_of("\"abc"), "unexpected EOF");
  EXPECT_EQ(error_of(std::string(20000, '[')), "exceeded max depth");
}

TEST(GoJson, ReadsTheFirstValueOnly) {
  auto value = read_go_json("{\"a\":[1,{\"b\":null}],\"a\":true}} x");
  ASSERT_TRUE(value);
  ASSERT_EQ(value->kind, JsonValue::Kind::object);
  ASSERT_EQ(value->members.size(), 2u);  // duplicates kept, in order
  EXPECT_EQ(value->members[0].key, "a");
  const JsonValue& list = value->members[0].value;
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(list.items[0].kind, JsonValue::Kind::number);
  EXPECT_EQ(list.items[0].text, "1");
  EXPECT_EQ(list.items[1].members[0].value.kind, JsonValue::Kind::null);
  EXPECT_TRUE(value->members[1].value.boolean);
  EXPECT_STREQ(go_json_kind(value->members[1].value), "bool");
  EXPECT_EQ(error_of("5x"), "ok");
  EXPECT_EQ(error_of(std::string(9000, '[') + std::string(9000, ']')), "ok");
}

TEST(GoJson, StringsDecodeAsGoDoes) {
  const auto text = [](std::string_view json) { return read_go_json(json)->text; };
  EXPECT_EQ(text(R"("a\"\\\/\b\f\n\r\t")"), "a\"\\/\b\f\n\r\t");
  EXPECT_EQ(text(R"("\u00e9\ud83d\ude00")"), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(text(R"("\ud800x")"), "\xEF\xBF\xBDx");  // a lone surrogate
  EXPECT_EQ(text(R"("\udc00")"), "\xEF\xBF\xBD");
  EXPECT_EQ(text("\"a\xff"
                 "b\""),
            "a\xEF\xBF\xBD"
            "b");  // invalid UTF-8
}

}  // namespace
}  // namespace vigil
