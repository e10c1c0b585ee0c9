#include "api/http/url.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(Url, SplitsPathAndQuery) {
  auto t = parse_target("/api/v1/query?query=up&time=1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/api/v1/query");
  EXPECT_EQ(t->query, "query=up&time=1");
  EXPECT_EQ(parse_target("/a%20b").value().path, "/a b");
  EXPECT_FALSE(parse_target("http://host/x"));
  EXPECT_FALSE(parse_target(""));
  EXPECT_FALSE(parse_target("/bad%2"));
  EXPECT_FALSE(parse_target("/bad%g0"));
}

TEST(Url, FormDecoding) {
  auto form = parse_form("query=sum(rate(x%5B5m%5D))+by+(job)&a=1&a=2&empty=&flag");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->find("query")->second, "sum(rate(x[5m])) by (job)");
  EXPECT_EQ(form->count("a"), 2u);
  EXPECT_EQ(form->find("empty")->second, "");
  EXPECT_EQ(form->find("flag")->second, "");
  auto bad = parse_form("ok=1&query=%zz");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("\"query\""), std::string::npos);
  EXPECT_TRUE(parse_form("").value().empty());
  EXPECT_TRUE(parse_form("&&").value().empty());
}

TEST(Url, PercentDecodeEdges) {
  EXPECT_EQ(percent_decode("%41%42", false).value(), "AB");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_EQ(percent_decode("a+b", true).value(), "a b");
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_EQ(percent_decode("%00", false).value(), std::string(1, '\0'));
}

}  // namespace
}  // namespace vigil::api
