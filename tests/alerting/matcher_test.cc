#include "alerting/matcher.h"

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

std::string parsed(std::string_view text) {
  auto matchers = parse_matchers(text);
  return matchers ? matchers_text(*matchers) : "error: " + matchers.error().message;
}

TEST(Matcher, ParsesAlertmanagerSyntax) {
  EXPECT_EQ(parsed(R"(foo="bar")"), R"({foo="bar"})");
  EXPECT_EQ(parsed("foo=bar"), R"({foo="bar"})");
  EXPECT_EQ(parsed(R"({foo="bar",baz=~"x.*"})"), R"({foo="bar",baz=~"x.*"})");
  EXPECT_EQ(parsed(R"({foo = "bar", dings != "bums", })"), R"({foo="bar",dings!="bums"})");
  EXPECT_EQ(parsed("foo=bar,dings!=bums"), R"({foo="bar",dings!="bums"})");
  EXPECT_EQ(parsed(R"(statuscode=~"5..")"), R"({statuscode=~"5.."})");
  EXPECT_EQ(parsed("a!~b"), R"({a!~"b"})");
  EXPECT_EQ(parsed(R"({quote="She said: \"Hi, ladies!\""})"), R"({quote="She said: \"Hi, ladies!\""})");
  EXPECT_EQ(parsed(R"(comma="a,b")"), R"({comma="a,b"})");
  EXPECT_EQ(parsed("  x_y:z  =   spaced value  "), R"({x_y:z="spaced value"})");
  EXPECT_EQ(parsed(R"(e="")"), R"({e=""})");
  EXPECT_EQ(parsed(""), "{}");
  EXPECT_EQ(parsed("{}"), "{}");
}

TEST(Matcher, UnescapesValues) {
  auto m = parse_matcher(R"(a="x\ny\\z\"w\q")");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->value(), "x\ny\\z\"w\\q");
  EXPECT_EQ(m->to_string(), R"(a="x\ny\\z\"w\\q")");
  // A trailing lone backslash is literal.
  auto trailing = parse_matcher(R"(a=x\)");
  ASSERT_TRUE(trailing);
  EXPECT_EQ(trailing->value(), "x\\");
}

TEST(Matcher, ReportsBadInputAsAlertmanager) {
  EXPECT_EQ(parsed("a"), "error: bad matcher format: a");
  EXPECT_EQ(parsed("1a=b"), "error: bad matcher format: 1a=b");
  EXPECT_EQ(parsed("a==b,c=d"), R"({a="=b",c="d"})");
  EXPECT_EQ(parsed(R"(a="b)"), R"(error: matcher value contains unescaped double quote: "b)");
  EXPECT_EQ(parsed(R"(a=b"c)"), R"(error: matcher value contains unescaped double quote: b"c)");
  EXPECT_EQ(parsed("a=b,,c=d"), "error: bad matcher format: ");
  EXPECT_EQ(parsed(R"(a=~"(")"), "error: error parsing regexp: missing closing ): `^(?:()$`");
}

TEST(Matcher, MatchesAbsentLabelsAsEmpty) {
  const Labels labels{{"env", "prod"}};
  auto eq = Matcher::make(MatchType::equal, "team", "");
  auto ne = Matcher::make(MatchType::not_equal, "team", "");
  auto re = Matcher::make(MatchType::regexp, "env", "prod|staging");
  auto nre = Matcher::make(MatchType::not_regexp, "env", "pro");
  ASSERT_TRUE(eq && ne && re && nre);
  EXPECT_TRUE(eq->matches(labels));
  EXPECT_FALSE(ne->matches(labels));
  EXPECT_TRUE(re->matches(labels));
  // Anchored: "pro" does not match "prod".
  EXPECT_TRUE(nre->matches(labels));
  EXPECT_TRUE(matches_all({}, labels));
}

TEST(Matcher, SortsByNameValueThenType) {
  auto ms = parse_matchers(R"(b=~"1",a!="2",b="1",a="2")");
  ASSERT_TRUE(ms);
  std::sort(ms->begin(), ms->end());
  EXPECT_EQ(matchers_text(*ms), R"({a="2",a!="2",b="1",b=~"1"})");
}

}  // namespace
}  // namespace vigil::alerting
