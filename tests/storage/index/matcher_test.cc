#include "storage/index/matcher.h"

#include <gtest/gtest.h>

namespace vigil::storage::index {
namespace {

using T = Matcher::Type;

TEST(Matcher, FourKinds) {
  auto eq = Matcher::make(T::equal, "job", "api").value();
  auto ne = Matcher::make(T::not_equal, "job", "api").value();
  auto re = Matcher::make(T::regex, "job", "a.i|web").value();
  auto nre = Matcher::make(T::not_regex, "job", "a.i|web").value();
  EXPECT_TRUE(eq.matches("api"));
  EXPECT_FALSE(eq.matches("apis"));
  EXPECT_TRUE(ne.matches("web"));
  EXPECT_TRUE(re.matches("api"));
  EXPECT_TRUE(re.matches("web"));
  EXPECT_FALSE(re.matches("xapi"));  // fully anchored
  EXPECT_FALSE(re.matches("apix"));
  EXPECT_FALSE(nre.matches("web"));
  EXPECT_TRUE(nre.matches("webs"));
}

TEST(Matcher, DotMatchesNewlineAndEmptyMatching) {
  EXPECT_TRUE(Matcher::make(T::regex, "m", "a.b").value().matches("a\nb"));
  EXPECT_TRUE(Matcher::make(T::equal, "job", "").value().matches_empty());
  EXPECT_TRUE(Matcher::make(T::not_equal, "job", "x").value().matches_empty());
  EXPECT_TRUE(Matcher::make(T::regex, "job", ".*").value().matches_empty());
  EXPECT_FALSE(Matcher::make(T::regex, "job", ".+").value().matches_empty());
  EXPECT_FALSE(Matcher::make(T::not_equal, "job", "").value().matches_empty());
}

TEST(Matcher, InvalidRegexNamesTheProblem) {
  auto bad = Matcher::make(T::regex, "job", "a(b");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("invalid regular expression \"a(b\" for label job"), std::string::npos)
      << bad.error().message;
  // Constructs that backtracking engines explode on run in linear time here.
  auto evil = Matcher::make(T::regex, "x", "(a+)+$").value();
  EXPECT_FALSE(evil.matches(std::string(100000, 'a') + "!"));
}

TEST(Matcher, ToString) {
  EXPECT_EQ(Matcher::make(T::equal, "path", "/a\"b\\").value().to_string(), R"(path="/a\"b\\")");
  EXPECT_EQ(Matcher::make(T::not_regex, "job", "a|b").value().to_string(), R"(job!~"a|b")");
}

}  // namespace
}  // namespace vigil::storage::index
