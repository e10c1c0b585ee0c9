#include "storage/index/selector.h"

#include <gtest/gtest.h>

namespace vigil::storage::index {
namespace {

using Type = Matcher::Type;

struct Expected {
  Type type;
  std::string name;
  std::string value;
};

void expect_matchers(std::string_view text, const std::vector<Expected>& expected) {
  auto parsed = parse_series_selector(text);
  ASSERT_TRUE(parsed.has_value()) << text << ": " << parsed.error().message;
  ASSERT_EQ(parsed->size(), expected.size()) << text;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*parsed)[i].type(), expected[i].type) << text << " #" << i;
    EXPECT_EQ((*parsed)[i].name(), expected[i].name) << text << " #" << i;
    EXPECT_EQ((*parsed)[i].value(), expected[i].value) << text << " #" << i;
  }
}

std::string error_of(std::string_view text) {
  auto parsed = parse_series_selector(text);
  if (parsed) return "(parsed)";
  EXPECT_EQ(parsed.error().kind, ErrorKind::invalid_argument);
  return parsed.error().message;
}

std::string value_of(std::string_view quoted) {
  auto parsed = parse_series_selector("up{a=" + std::string(quoted) + "}");
  if (!parsed) return "error: " + parsed.error().message;
  return (*parsed)[1].value();
}

TEST(SeriesSelector, MetricNameAlone) {
  expect_matchers("up", {{Type::equal, "__name__", "up"}});
  expect_matchers("  job:http_requests:rate5m \n", {{Type::equal, "__name__", "job:http_requests:rate5m"}});
  expect_matchers("_x9", {{Type::equal, "__name__", "_x9"}});
}

TEST(SeriesSelector, MetricNameWithMatchers) {
  expect_matchers(R"(up{job="api", zone!="eu", path=~"/a.*", code!~"5.."})", {{Type::equal, "__name__", "up"},
                                                                              {Type::equal, "job", "api"},
                                                                              {Type::not_equal, "zone", "eu"},
                                                                              {Type::regex, "path", "/a.*"},
                                                                              {Type::not_regex, "code", "5.."}});
  expect_matchers("up{}", {{Type::equal, "__name__", "up"}});
}

TEST(SeriesSelector, BracesAloneTrailingCommaAndWhitespace) {
  expect_matchers(R"({ __name__ =~ "http_.*" , code = "500" , })",
                  {{Type::regex, "__name__", "http_.*"}, {Type::equal, "code", "500"}});
  expect_matchers("up\n{\n\tjob\n=\n'a'\n}\n", {{Type::equal, "__name__", "up"}, {Type::equal, "job", "a"}});
}

TEST(SeriesSelector, QuotingForms) {
  EXPECT_EQ(value_of(R"("a b")"), "a b");
  EXPECT_EQ(value_of("'a\"b'"), "a\"b");
  EXPECT_EQ(value_of(R"(`a\nb"'`)"), R"(a\nb"')");
  EXPECT_EQ(value_of("`line\nbreak`"), "line\nbreak");
  EXPECT_EQ(value_of(R"("")"), "");
}

TEST(SeriesSelector, GoEscapes) {
  EXPECT_EQ(value_of(R"("\a\b\f\n\r\t\v\\")"), "\a\b\f\n\r\t\v\\");
  EXPECT_EQ(value_of(R"("\"")"), "\"");
  EXPECT_EQ(value_of(R"('\'')"), "'");
  EXPECT_EQ(value_of(R"("\x41\101")"), "AA");
  EXPECT_EQ(value_of(R"("\xff")"), "\xff");
  EXPECT_EQ(value_of(R"("\u00e9\U0001F600")"), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(value_of(R"("é")"), "\xc3\xa9");
}

TEST(SeriesSelector, BadEscapesAreErrorsAtTheirPosition) {
  EXPECT_EQ(error_of(R"(up{a="\q"})"), "1:7: unknown escape sequence U+0071 'q'");
  // Go allows \' only in '...' and \" only in "...".
  EXPECT_EQ(error_of(R"(up{a="\'"})"), "1:7: unknown escape sequence U+0027 '''");
  EXPECT_EQ(error_of(R"(up{a='\"'})"), "1:7: unknown escape sequence U+0022 '\"'");
  EXPECT_EQ(error_of(R"(up{a="\xZZ"})"), "1:9: illegal character U+005A 'Z' in escape sequence");
  EXPECT_EQ(error_of(R"(up{a="\12"})"), "1:10: illegal character U+0022 '\"' in escape sequence");
  EXPECT_EQ(error_of(R"(up{a="\400"})"), "1:7: escape sequence is an invalid Unicode code point");
  EXPECT_EQ(error_of(R"(up{a="\uD800"})"), "1:7: escape sequence is an invalid Unicode code point");
  EXPECT_EQ(error_of(R"(up{a="\U00110000"})"), "1:7: escape sequence is an invalid Unicode code point");
}

TEST(SeriesSelector, UnterminatedStrings) {
  EXPECT_EQ(error_of(R"(up{a="x)"), "1:6: unterminated quoted string");
  EXPECT_EQ(error_of("up{a=\"x\n\"}"), "1:6: unterminated quoted string");
  EXPECT_EQ(error_of(R"(up{a="x\)"), "1:6: unterminated quoted string");
  EXPECT_EQ(error_of(R"(up{a="\u12)"), "1:6: unterminated quoted string");
  EXPECT_EQ(error_of("up{a=`x}"), "1:6: unterminated raw string");
}

TEST(SeriesSelector, SyntaxErrorsSayWhatWasExpectedAndWhere) {
  EXPECT_EQ(error_of(""), "1:1: unexpected end of input, expected metric name or \"{\"");
  EXPECT_EQ(error_of("up{a==\"x\"}"), "1:6: unexpected \"=\" in label matching, expected string");
  EXPECT_EQ(error_of("up{a}"),
            "1:5: unexpected \"}\" in label matching, expected label matching operator (=, !=, =~, !~)");
  EXPECT_EQ(error_of("up{a="), "1:6: unexpected end of input in label matching, expected string");
  EXPECT_EQ(error_of("up{a=5}"), "1:6: unexpected character '5' in label matching, expected string");
  EXPECT_EQ(error_of("up{a=\"b\""), "1:9: unexpected end of input in label matching, expected \",\" or \"}\"");
  EXPECT_EQ(error_of("up{a=\"b\",,}"), "1:10: unexpected \",\" in label matching, expected label name or \"}\"");
  EXPECT_EQ(error_of("up{=~\"x\"}"), "1:4: unexpected \"=~\" in label matching, expected label name or \"}\"");
  EXPECT_EQ(error_of("up{a=\"b\" c=\"d\"}"),
            "1:10: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"");
  EXPECT_EQ(error_of("{\"up\"}"), "1:2: unexpected string \"up\" in label matching, expected label name or \"}\"");
  EXPECT_EQ(error_of("{a:b=\"x\"}"),
            "1:3: unexpected character ':' in label matching, expected label matching operator (=, !=, =~, !~)");
  EXPECT_EQ(error_of("up x"), "1:4: unexpected identifier \"x\" after metric name, expected \"{\" or end of input");
  EXPECT_EQ(error_of("up[5m]"), "1:3: unexpected character '[' after metric name, expected \"{\" or end of input");
  EXPECT_EQ(error_of("1up"), "1:1: unexpected character '1', expected metric name or \"{\"");
  EXPECT_EQ(error_of("up{a=\"b\"}{"), "1:10: unexpected \"{\" after \"}\", expected end of input");
  EXPECT_EQ(error_of("{a=\"1\"}\n}"), "2:1: unexpected \"}\" after \"}\", expected end of input");
  EXPECT_EQ(error_of("up{a!\"x\"}"),
            "1:5: unexpected character '!' in label matching, expected label matching operator (=, !=, =~, !~)");
}

TEST(SeriesSelector, InvalidRegexNamesTheLabel) {
  std::string message = error_of(R"({a=~"("})");
  EXPECT_TRUE(message.starts_with("1:2: invalid regular expression \"(\" for label a: ")) << message;
}

TEST(SeriesSelector, InvalidUtf8IsRejected) { EXPECT_EQ(error_of("up{a=\"\xff\"}"), "1:7: invalid UTF-8 byte 0xFF"); }

TEST(SeriesSelector, MustHaveAMatcherThatDoesNotMatchEmpty) {
  const std::string rule = "vector selector must contain at least one non-empty matcher";
  EXPECT_EQ(error_of("{}"), "1:1: " + rule);
  EXPECT_EQ(error_of(R"(  {a=""})"), "1:3: " + rule);
  EXPECT_EQ(error_of(R"({a=~".*", b!="x"})"), "1:1: " + rule);
  expect_matchers(R"({a=~".*", b="x"})", {{Type::regex, "a", ".*"}, {Type::equal, "b", "x"}});
  expect_matchers(R"({a=~".+"})", {{Type::regex, "a", ".+"}});
}

TEST(SeriesSelector, KeywordsAndNameLabelAreOrdinaryNames) {
  expect_matchers(R"(sum{by="x"})", {{Type::equal, "__name__", "sum"}, {Type::equal, "by", "x"}});
  expect_matchers(R"(up{__name__="x"})", {{Type::equal, "__name__", "up"}, {Type::equal, "__name__", "x"}});
}

}  // namespace
}  // namespace vigil::storage::index
