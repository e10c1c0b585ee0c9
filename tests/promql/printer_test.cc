// The canonical form, as Prometheus's String() prints it.

#include "promql/printer.h"

#include <gtest/gtest.h>

#include "promql/parser.h"

namespace vigil::promql {
namespace {

struct Case {
  const char* query;
  const char* printed;
};

const Case kCases[] = {
    {"1", "1"},
    {"-1", "-1"},
    {"0x1f", "31"},
    {"1e6", "1e+06"},
    {".5", "0.5"},
    {"Inf", "+Inf"},
    {"-inf", "-Inf"},
    {"nan", "NaN"},
    {"'a\"b'", R"("a\"b")"},
    {"`a\\b`", R"("a\\b")"},
    {"\"\\x41\"", R"("A")"},
    {"foo", "foo"},
    {"foo{}", "foo"},
    {R"(foo{b="2",a="1"})", R"(foo{a="1",b="2"})"},
    {R"(foo{ a = "1" , })", R"(foo{a="1"})"},
    {R"({__name__="foo"})", R"({__name__="foo"})"},
    {R"({__name__=~"a.*",job!~'x'})", R"({__name__=~"a.*",job!~"x"})"},
    {R"(foo{a="line\nbreak"})", R"(foo{a="line\nbreak"})"},
    {"foo offset 1h30m", "foo offset 1h30m"},
    {"foo offset 90m", "foo offset 1h30m"},
    {"foo offset -5m", "foo offset -5m"},
    {"foo offset 7d", "foo offset 1w"},
    {"foo offset 8d", "foo offset 8d"},
    {"foo offset 365d", "foo offset 1y"},
    {"foo offset 1500ms", "foo offset 1s500ms"},
    {"foo offset 5m @ 100", "foo @ 100.000 offset 5m"},
    {"foo @ 1.5", "foo @ 1.500"},
    {"foo @ -5", "foo @ -5.000"},
    {"foo @ start()", "foo @ start()"},
    {"foo @ END()", "foo @ end()"},
    {"foo[5m]", "foo[5m]"},
    {"foo[300s]", "foo[5m]"},
    {"foo[5m] offset 1m @ 3", "foo[5m] @ 3.000 offset 1m"},
    {"foo[5m:1m]", "foo[5m:1m]"},
    {"foo[5m:]", "foo[5m:]"},
    {"rate(foo[5m])[30m:1m] @ end() offset 1m", "rate(foo[5m])[30m:1m] @ end() offset 1m"},
    {"(foo + bar)[5m:]", "(foo + bar)[5m:]"},
    {"rate(foo[5m])", "rate(foo[5m])"},
    {"round( foo , 5 )", "round(foo, 5)"},
    {"time()", "time()"},
    {"sum(foo)", "sum(foo)"},
    {"SUM(foo)", "sum(foo)"},
    {"sum by (job) (rate(x[5m]))", "sum by (job) (rate(x[5m]))"},
    {"sum(rate(x[5m])) by (job,instance)", "sum by (job, instance) (rate(x[5m]))"},
    {"sum by () (foo)", "sum(foo)"},
    {"sum without () (foo)", "sum without () (foo)"},
    {"avg without(a)(foo)", "avg without (a) (foo)"},
    {"topk(5, foo)", "topk(5, foo)"},
    {"count_values('v', foo)", R"(count_values("v", foo))"},
    {"quantile by (le) (0.9, foo)", "quantile by (le) (0.9, foo)"},
    {"a+b*c", "a + b * c"},
    {"(a+b)*c", "(a + b) * c"},
    {"a^b^c", "a ^ b ^ c"},
    {"-1^2", "-1 ^ 2"},
    {"-foo", "-foo"},
    {"+foo", "+foo"},
    {"- -foo", "--foo"},
    {"-(foo)", "-(foo)"},
    {"-Inf ^ 2", "-Inf ^ 2"},
    {"+Inf ^ 2", "+Inf ^ 2"},
    {"1 == bool 2", "1 == bool 2"},
    {"a>bool b", "a > bool b"},
    {"a and b", "a and b"},
    {"a OR b", "a or b"},
    {"a unless b", "a unless b"},
    {"a atan2 b", "a atan2 b"},
    {"a * on(x,y) group_left(z) b", "a * on (x, y) group_left (z) b"},
    {"a * on(x) group_left b", "a * on (x) group_left () b"},
    {"a / ignoring(x) group_right b", "a / ignoring (x) group_right () b"},
    {"a + on() b", "a + on () b"},
    {"a + ignoring() b", "a + b"},
    {"a + ignoring() group_left(x) b", "a + b"},  // as Prometheus: empty ignoring is not printed
    {"a == bool on(x) b", "a == bool on (x) b"},
    {"1 + on() 2", "1 + 2"},
    {"foo # comment", "foo"},
    {"sum by (on, sum) (foo)", "sum by (on, sum) (foo)"},
    {"by", "by"},
    {"job:rate:5m{a='b'}", R"(job:rate:5m{a="b"})"},
    {"label_replace(up, 'a', '$1', 'b', '(.*)')", R"x(label_replace(up, "a", "$1", "b", "(.*)"))x"},
};

TEST(PromqlPrinter, CanonicalForm) {
  for (const Case& c : kCases) {
    auto e = parse_expr(c.query);
    if (!e) {
      ADD_FAILURE() << c.query << ": " << e.error().message;
      continue;
    }
    std::string printed = to_string(*e);
    EXPECT_EQ(printed, c.printed) << c.query;
    auto again = parse_expr(printed);
    ASSERT_TRUE(again) << printed << ": " << again.error().message;
    EXPECT_EQ(to_string(*again), printed) << c.query;
  }
}

TEST(PromqlPrinter, Durations) {
  EXPECT_EQ(format_promql_duration(Duration(0)), "0s");
  EXPECT_EQ(format_promql_duration(Duration(5400000)), "1h30m");
  EXPECT_EQ(format_promql_duration(Duration(90LL * 86400000)), "90d");
  EXPECT_EQ(format_promql_duration(Duration(14LL * 86400000)), "2w");
  EXPECT_EQ(format_promql_duration(Duration(1)), "1ms");
}

}  // namespace
}  // namespace vigil::promql
