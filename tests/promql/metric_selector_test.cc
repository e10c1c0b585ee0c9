// parse_metric_selector: the match[] reader of the metadata API.

#include <gtest/gtest.h>

#include "promql/parser.h"

namespace vigil::promql {
namespace {

using storage::index::Matcher;

TEST(MetricSelector, NameAndMatchers) {
  auto matchers = parse_metric_selector(R"(up{job=~"a.*",code!="200"})");
  ASSERT_TRUE(matchers) << matchers.error().message;
  ASSERT_EQ(matchers->size(), 3u);
  EXPECT_EQ((*matchers)[0].name(), "job");
  EXPECT_EQ((*matchers)[0].type(), Matcher::Type::regex);
  EXPECT_EQ((*matchers)[1].type(), Matcher::Type::not_equal);
  EXPECT_EQ((*matchers)[2].name(), "__name__");
  EXPECT_EQ((*matchers)[2].value(), "up");
}

// As Prometheus's ParseMetricSelector, which skips the expression checks:
// the API refuses selectors that match everything with its own message.
TEST(MetricSelector, EmptySelectorParses) {
  auto matchers = parse_metric_selector("{}");
  ASSERT_TRUE(matchers) << matchers.error().message;
  EXPECT_TRUE(matchers->empty());
}

TEST(MetricSelector, RefusesWhatIsNotABareSelector) {
  for (const char* text : {"up offset 5m", "up @ 10", "up[5m]", "up + 1", "(up)", "sum(up)", "1"}) {
    auto matchers = parse_metric_selector(text);
    ASSERT_FALSE(matchers) << text;
    EXPECT_EQ(matchers.error().message, "1:1: parse error: expected a series selector") << text;
  }
}

TEST(MetricSelector, SyntaxErrorsAsThePromqlParser) {
  auto matchers = parse_metric_selector("up{");
  ASSERT_FALSE(matchers);
  EXPECT_EQ(matchers.error().message, "1:4: parse error: unexpected end of input inside braces");
}

// As 2.42 answered match[]= (empty).
TEST(MetricSelector, EmptyInputIsAnUnexpectedEnd) {
  auto matchers = parse_metric_selector("");
  ASSERT_FALSE(matchers);
  EXPECT_EQ(matchers.error().message, "1:1: parse error: unexpected end of input");
}

}  // namespace
}  // namespace vigil::promql
