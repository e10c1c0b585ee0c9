#include "promql/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vigil::promql {
namespace {

using K = TokenKind;

std::vector<K> kinds(std::string_view query) {
  std::vector<K> out;
  for (const Token& t : lex(query)) out.push_back(t.kind);
  return out;
}

Token last(std::string_view query) { return lex(query).back(); }

TEST(PromqlLexer, SelectorsAndOperators) {
  EXPECT_EQ(kinds(R"(foo{a="b",c!~'d'} + on(x) bar)"),
            (std::vector<K>{K::identifier, K::left_brace, K::identifier, K::eql, K::string, K::comma, K::identifier,
                            K::neq_regex, K::string, K::right_brace, K::add, K::on, K::left_paren, K::identifier,
                            K::right_paren, K::identifier, K::eof}));
  EXPECT_EQ(
      kinds("a == b != c >= d <= e > f < g ^ h % i / j * k - l"),
      (std::vector<K>{K::identifier, K::eql_c, K::identifier, K::neq, K::identifier, K::gte, K::identifier, K::lte,
                      K::identifier, K::gtr,   K::identifier, K::lss, K::identifier, K::pow, K::identifier, K::mod,
                      K::identifier, K::div,   K::identifier, K::mul, K::identifier, K::sub, K::identifier, K::eof}));
}

TEST(PromqlLexer, KeywordsIgnoreCaseAndKeepTheirText) {
  auto tokens = lex("SUM By AND atan2 Offset bool start END group_left");
  std::vector<K> want{K::sum, K::by, K::land, K::atan2, K::offset, K::bool_, K::start, K::end, K::group_left, K::eof};
  ASSERT_EQ(tokens.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(tokens[i].kind, want[i]) << i;
  EXPECT_EQ(tokens[0].text, "SUM");
}

TEST(PromqlLexer, MetricNamesWithColons) {
  auto tokens = lex("job:rate:5m :x");
  EXPECT_EQ(tokens[0].kind, K::metric_identifier);
  EXPECT_EQ(tokens[0].text, "job:rate:5m");
  EXPECT_EQ(tokens[1].kind, K::metric_identifier);
}

TEST(PromqlLexer, Numbers) {
  for (const char* n : {"1", "0x1f", "0X1F", "1e3", "1E-3", ".5", "5.", "1.5e+10", "Inf", "nan", "NaN", "0755"}) {
    auto tokens = lex(n);
    ASSERT_EQ(tokens.size(), 2u) << n;
    EXPECT_EQ(tokens[0].kind, K::number) << n;
    EXPECT_EQ(tokens[0].text, n);
  }
  EXPECT_EQ(last("1x").text, "bad number or duration syntax: \"1\"");
  EXPECT_EQ(last("0b1").text, "bad number or duration syntax: \"0\"");
}

TEST(PromqlLexer, Durations) {
  EXPECT_EQ(kinds("foo[5m]"), (std::vector<K>{K::identifier, K::left_bracket, K::duration, K::right_bracket, K::eof}));
  EXPECT_EQ(kinds("foo[ 1h30m : 1m ]"), (std::vector<K>{K::identifier, K::left_bracket, K::duration, K::colon,
                                                        K::duration, K::right_bracket, K::eof}));
  EXPECT_EQ(kinds("foo[5m:]"),
            (std::vector<K>{K::identifier, K::left_bracket, K::duration, K::colon, K::right_bracket, K::eof}));
  EXPECT_EQ(lex("offset 1h30m")[1].text, "1h30m");
  EXPECT_EQ(lex("5ms")[0].kind, K::duration);
  EXPECT_EQ(last("foo[5]").text, "missing unit character in duration");
  EXPECT_EQ(last("foo[5mm]").text, "bad duration syntax: \"5mm\"");
  EXPECT_EQ(last("foo[5m").text, "unclosed left bracket");
  EXPECT_EQ(last("foo[5m:1m:]").text, "unexpected colon ':'");
  EXPECT_EQ(last("foo]").text, "unexpected right bracket ']'");
  EXPECT_EQ(last("foo[5m][").text, "missing unit character in duration");
}

TEST(PromqlLexer, StringsAndEscapes) {
  auto value = [](std::string_view q) { return lex(q)[0].value; };
  EXPECT_EQ(value(R"("a\"b\\c\n\t")"), "a\"b\\c\n\t");
  EXPECT_EQ(value(R"('it\'s')"), "it's");
  EXPECT_EQ(value(R"("\a\b\f\r\v")"), "\a\b\f\r\v");
  EXPECT_EQ(value(R"("\x41\101\u00e9\U0001F600")"), "AA\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(value("`raw \\n \"string\"\nnext`"), "raw \\n \"string\"\nnext");
  EXPECT_EQ(value("\"caf\xC3\xA9\""), "caf\xC3\xA9");
  EXPECT_EQ(last(R"("\q")").text, "unknown escape sequence U+0071 'q'");
  EXPECT_EQ(last(R"('\"')").text, "unknown escape sequence U+0022 '\"'");
  EXPECT_EQ(last(R"("\x4g")").text, "illegal character U+0067 'g' in escape sequence");
  EXPECT_EQ(last(R"("\ud800")").text, "escape sequence is an invalid Unicode code point");
  EXPECT_EQ(last("\"abc").text, "unterminated quoted string");
  EXPECT_EQ(last("\"ab\nc\"").text, "unterminated quoted string");
  EXPECT_EQ(last("`abc").text, "unterminated raw string");
  EXPECT_EQ(last("\"\xff\"").text, "invalid UTF-8 rune");
  EXPECT_EQ(last("\"\\").text, "escape sequence not terminated");
}

TEST(PromqlLexer, CommentsAndSpacesAreDropped) {
  EXPECT_EQ(kinds("foo # a comment\n + # another\n bar"),
            (std::vector<K>{K::identifier, K::add, K::identifier, K::eof}));
  EXPECT_EQ(kinds("# only a comment"), (std::vector<K>{K::eof}));
}

TEST(PromqlLexer, ErrorsAndTheirPositions) {
  Token t = last("foo + $");
  EXPECT_EQ(t.kind, K::error);
  EXPECT_EQ(t.text, "unexpected character: '$'");
  EXPECT_EQ(t.pos, 6u);
  EXPECT_EQ(last("a !~ b").text, "unexpected character after '!': '~'");
  EXPECT_EQ(last("a =~ b").text, "unexpected character after '=': '~'");
  EXPECT_EQ(last("sum(a").text, "unclosed left parenthesis");
  EXPECT_EQ(last("a)").text, "unexpected right parenthesis ')'");
  EXPECT_EQ(last("a{b").text, "unexpected end of input inside braces");
  EXPECT_EQ(last("a{b!c}").text, "unexpected character after '!' inside braces: 'c'");
  EXPECT_EQ(last("a{b=1}").text, "unexpected character inside braces: '1'");
  EXPECT_EQ(last("a{{").text, "unexpected left brace '{'");
}

}  // namespace
}  // namespace vigil::promql
