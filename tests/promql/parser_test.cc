// The shape of the tree for every construct.

#include "promql/parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>

namespace vigil::promql {
namespace {

using storage::index::Matcher;

// The trees live until the test binary ends, so references into them stay
// valid within an assertion chain.
const Expr& parse(std::string_view query) {
  static std::deque<Expr> trees;
  auto e = parse_expr(query);
  EXPECT_TRUE(e.has_value()) << query << ": " << (e ? "" : e.error().message);
  trees.push_back(e ? std::move(*e) : Expr{NumberLiteral{-12345}, 0});
  return trees.back();
}

template <class T>
const T& as(const Expr& e) {
  const T* node = std::get_if<T>(&e.node);
  if (node == nullptr) {
    ADD_FAILURE() << "unexpected node kind " << e.node.index();
    static const T empty{};
    return empty;
  }
  return *node;
}

double number(std::string_view q) { return as<NumberLiteral>(parse(q)).value; }

TEST(PromqlParser, NumberLiterals) {
  EXPECT_EQ(number("1"), 1);
  EXPECT_EQ(number("0x1f"), 31);
  EXPECT_EQ(number("0X1F"), 31);
  EXPECT_EQ(number("1e3"), 1000);
  EXPECT_EQ(number(".5"), 0.5);
  EXPECT_EQ(number("5."), 5);
  EXPECT_EQ(number("010"), 8);  // Go's ParseInt with base 0: a leading 0 is octal
  EXPECT_EQ(number("09"), 9);   // not octal: read as a float
  EXPECT_EQ(number("-1"), -1);
  EXPECT_EQ(number("+1"), 1);
  EXPECT_EQ(number("- -2"), 2);
  EXPECT_TRUE(std::isinf(number("Inf")));
  EXPECT_TRUE(std::isinf(number("-inf")) && number("-inf") < 0);
  EXPECT_TRUE(std::isnan(number("NaN")));
}

TEST(PromqlParser, StringLiterals) {
  EXPECT_EQ(as<StringLiteral>(parse(R"("a\nb")")).value, "a\nb");
  EXPECT_EQ(as<StringLiteral>(parse("'x'")).value, "x");
  EXPECT_EQ(as<StringLiteral>(parse("`\\d`")).value, "\\d");
}

TEST(PromqlParser, VectorSelectors) {
  const Expr& e = parse(R"(foo{a="b", c!="d", e=~"f.*", g!~"h",})");
  const auto& vs = as<VectorSelector>(e);
  EXPECT_EQ(vs.name, "foo");
  ASSERT_EQ(vs.matchers.size(), 5u);
  EXPECT_EQ(vs.matchers[0].type(), Matcher::Type::equal);
  EXPECT_EQ(vs.matchers[1].type(), Matcher::Type::not_equal);
  EXPECT_EQ(vs.matchers[2].type(), Matcher::Type::regex);
  EXPECT_EQ(vs.matchers[3].type(), Matcher::Type::not_regex);
  EXPECT_EQ(vs.matchers[4].name(), "__name__");  // the written name comes last
  EXPECT_EQ(vs.matchers[4].value(), "foo");
  EXPECT_TRUE(vs.matchers[2].matches("f\nx"));  // anchored, dot matches newline

  const auto& by_name = as<VectorSelector>(parse(R"({__name__=~"job:.*"})"));
  EXPECT_EQ(by_name.name, "");
  ASSERT_EQ(by_name.matchers.size(), 1u);
  EXPECT_EQ(as<VectorSelector>(parse("job:rate:5m")).name, "job:rate:5m");
  EXPECT_EQ(as<VectorSelector>(parse("foo{}")).matchers.size(), 1u);
  // Keywords are metric names where a selector is expected.
  EXPECT_EQ(as<VectorSelector>(parse("sum")).name, "sum");
  EXPECT_EQ(as<VectorSelector>(parse("by")).name, "by");
  EXPECT_EQ(as<VectorSelector>(parse("start")).name, "start");
  EXPECT_EQ(as<VectorSelector>(parse(R"(end{start="foo"})")).matchers[0].name(), "start");
  EXPECT_EQ(as<Binary>(parse("foo unless on(start) bar")).matching->labels, (std::vector<std::string>{"start"}));
  EXPECT_EQ(as<Aggregate>(parse("sum(sum)")).op, AggregateOp::sum);
  EXPECT_EQ(as<VectorSelector>(*as<Binary>(parse("a + sum")).rhs).name, "sum");
  // Label names inside braces are never keywords.
  EXPECT_EQ(as<VectorSelector>(parse(R"(foo{on="1", by="2"})")).matchers[1].name(), "by");
}

TEST(PromqlParser, OffsetAndAt) {
  const auto& a = as<VectorSelector>(parse("foo offset 5m"));
  EXPECT_EQ(a.offset, Duration(300000));
  const auto& b = as<VectorSelector>(parse("foo offset -1h30m"));
  EXPECT_EQ(b.offset, Duration(-5400000));
  const auto& c = as<VectorSelector>(parse("foo @ 1603774568.123 offset 1m"));
  ASSERT_TRUE(c.at);
  EXPECT_EQ(c.at->timestamp_ms, 1603774568123);
  const auto& d = as<VectorSelector>(parse("foo offset 1m @ -5"));
  EXPECT_EQ(d.at->timestamp_ms, -5000);
  EXPECT_EQ(as<VectorSelector>(parse("foo @ start()")).at->anchor, AtModifier::Anchor::start);
  EXPECT_EQ(as<VectorSelector>(parse("foo @ end()")).at->anchor, AtModifier::Anchor::end);
  EXPECT_EQ(as<VectorSelector>(parse("foo @ 0x10")).at->timestamp_ms, 16000);
  const auto& m = as<MatrixSelector>(parse("foo[5m] @ 100 offset 1m"));
  EXPECT_EQ(m.selector.offset, Duration(60000));
  EXPECT_EQ(m.selector.at->timestamp_ms, 100000);
}

TEST(PromqlParser, RangesAndSubqueries) {
  const auto& m = as<MatrixSelector>(parse("foo{a='b'}[1h30m]"));
  EXPECT_EQ(m.range, Duration(5400000));
  EXPECT_EQ(m.selector.name, "foo");
  const Expr& e = parse("rate(foo[5m])[30m:1m] offset 2m");
  const auto& s = as<Subquery>(e);
  EXPECT_EQ(s.range, Duration(1800000));
  EXPECT_EQ(s.step, Duration(60000));
  EXPECT_EQ(s.offset, Duration(120000));
  EXPECT_EQ(as<Call>(*s.expr).function->name, "rate");
  EXPECT_EQ(as<Subquery>(parse("foo[5m:]")).step, Duration(0));
  const auto& nested = as<Subquery>(parse("min_over_time(rate(foo[1m])[5m:])[10m:1m]"));
  EXPECT_EQ(nested.range, Duration(600000));
  EXPECT_EQ(as<Subquery>(parse("(foo)[5m:]")).range, Duration(300000));
}

TEST(PromqlParser, Calls) {
  const auto& c = as<Call>(parse(R"x(label_replace(up, "a", "$1", "b", "(.*)"))x"));
  EXPECT_EQ(c.function->name, "label_replace");
  EXPECT_EQ(c.args.size(), 5u);
  EXPECT_EQ(as<Call>(parse("time()")).args.size(), 0u);
  EXPECT_EQ(as<Call>(parse("round(foo)")).args.size(), 1u);
  EXPECT_EQ(as<Call>(parse("round(foo, 5)")).args.size(), 2u);
  EXPECT_EQ(as<Call>(parse(R"(label_join(foo, "a", ",", "b", "c", "d"))")).args.size(), 6u);
  EXPECT_EQ(as<Call>(parse("hour()")).args.size(), 0u);
  EXPECT_EQ(type_of(parse("scalar(foo)")), ValueType::scalar);
}

TEST(PromqlParser, Aggregations) {
  const Expr& e = parse("sum by (job, instance) (rate(x[5m]))");
  const auto& a = as<Aggregate>(e);
  EXPECT_EQ(a.op, AggregateOp::sum);
  EXPECT_EQ(a.grouping, (std::vector<std::string>{"job", "instance"}));
  EXPECT_FALSE(a.without);
  const auto& b = as<Aggregate>(parse("avg(x) without (job,)"));
  EXPECT_TRUE(b.without);
  EXPECT_EQ(b.grouping, (std::vector<std::string>{"job"}));
  const auto& t = as<Aggregate>(parse("topk(5, x)"));
  EXPECT_EQ(as<NumberLiteral>(*t.param).value, 5);
  const auto& cv = as<Aggregate>(parse(R"(count_values("value", x))"));
  EXPECT_EQ(as<StringLiteral>(*cv.param).value, "value");
  EXPECT_EQ(as<Aggregate>(parse("quantile(0.9, x)")).op, AggregateOp::quantile);
  EXPECT_EQ(as<Aggregate>(parse("bottomk(1, x)")).op, AggregateOp::bottomk);
  EXPECT_EQ(as<Aggregate>(parse("SUM(x)")).op, AggregateOp::sum);
  // Keywords are label names in grouping clauses.
  const auto& k = as<Aggregate>(parse("sum by (on, by, sum, offset, bool, start) (x)"));
  EXPECT_EQ(k.grouping, (std::vector<std::string>{"on", "by", "sum", "offset", "bool", "start"}));
  for (const char* op : {"avg", "count", "min", "max", "group", "stddev", "stdvar"}) {
    std::string q = op;
    q += "(x)";
    EXPECT_TRUE(std::holds_alternative<Aggregate>(parse(q).node)) << q;
  }
}

TEST(PromqlParser, BinaryPrecedenceAndAssociativity) {
  // 1 + 2 * 3 -> 1 + (2 * 3)
  const Expr& e = parse("a + b * c");
  EXPECT_EQ(as<Binary>(e).op, BinaryOp::add);
  EXPECT_EQ(as<Binary>(*as<Binary>(e).rhs).op, BinaryOp::mul);
  // left associative: a - b - c -> (a - b) - c
  const Expr& l = parse("a - b - c");
  EXPECT_TRUE(std::holds_alternative<Binary>(as<Binary>(l).lhs->node));
  // ^ is right associative: a ^ b ^ c -> a ^ (b ^ c)
  const Expr& r = parse("a ^ b ^ c");
  EXPECT_TRUE(std::holds_alternative<Binary>(as<Binary>(r).rhs->node));
  // or < and/unless < comparisons < +,- < *,/,%,atan2 < ^
  const Expr& p = parse("a or b and c == d + e * f ^ g");
  EXPECT_EQ(as<Binary>(p).op, BinaryOp::lor);
  const auto& and_ = as<Binary>(*as<Binary>(p).rhs);
  EXPECT_EQ(and_.op, BinaryOp::land);
  const auto& eq = as<Binary>(*and_.rhs);
  EXPECT_EQ(eq.op, BinaryOp::eql);
  EXPECT_EQ(as<Binary>(*eq.rhs).op, BinaryOp::add);
  EXPECT_EQ(as<Binary>(parse("a atan2 b + c")).op, BinaryOp::add);
  EXPECT_EQ(as<Binary>(parse("a unless b or c")).op, BinaryOp::lor);
}

TEST(PromqlParser, UnaryOperators) {
  // -1 ^ 2 is -(1 ^ 2)
  const Expr& e = parse("-1 ^ 2");
  const auto& u = as<Unary>(e);
  EXPECT_TRUE(u.negate);
  EXPECT_EQ(as<Binary>(*u.expr).op, BinaryOp::pow);
  // -a * b is (-a) * b
  const Expr& m = parse("-a * b");
  EXPECT_TRUE(std::holds_alternative<Unary>(as<Binary>(m).lhs->node));
  EXPECT_FALSE(as<Unary>(parse("+foo")).negate);
  // the operand keeps its postfix modifiers: -(foo offset 5m)
  EXPECT_TRUE(std::holds_alternative<VectorSelector>(as<Unary>(parse("-foo offset 5m")).expr->node));
  EXPECT_TRUE(std::holds_alternative<Paren>(as<Unary>(parse("-(1)")).expr->node));
}

TEST(PromqlParser, VectorMatching) {
  const Expr& e = parse("a * on(x, y) group_left(z) b");
  const auto& b = as<Binary>(e);
  ASSERT_TRUE(b.matching);
  EXPECT_TRUE(b.matching->on);
  EXPECT_EQ(b.matching->labels, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(b.matching->card, VectorMatching::Card::many_to_one);
  EXPECT_EQ(b.matching->include, (std::vector<std::string>{"z"}));
  const auto& r = as<Binary>(parse("a / ignoring(x) group_right b"));
  EXPECT_FALSE(r.matching->on);
  EXPECT_EQ(r.matching->card, VectorMatching::Card::one_to_many);
  EXPECT_EQ(as<Binary>(parse("a and b")).matching->card, VectorMatching::Card::many_to_many);
  EXPECT_EQ(as<Binary>(parse("a + b")).matching->card, VectorMatching::Card::one_to_one);
  EXPECT_FALSE(as<Binary>(parse("a + 1")).matching);  // no matching with a scalar
  EXPECT_TRUE(as<Binary>(parse("a > bool b")).return_bool);
  EXPECT_TRUE(as<Binary>(parse("1 == bool 2")).return_bool);
  EXPECT_TRUE(as<Binary>(parse("a == bool on(x) b")).matching->on);
}

TEST(PromqlParser, ParenthesesAndComments) {
  const Expr& e = parse("(a + b) * c # trailing comment");
  EXPECT_TRUE(std::holds_alternative<Paren>(as<Binary>(e).lhs->node));
  EXPECT_EQ(as<Binary>(parse("a +\n# comment\nb")).op, BinaryOp::add);
}

TEST(PromqlParser, Positions) {
  const Expr& e = parse("  foo + sum(bar)");
  EXPECT_EQ(e.pos, 2u);
  EXPECT_EQ(as<Binary>(e).op_pos, 6u);
  EXPECT_EQ(as<Binary>(e).rhs->pos, 8u);
}

TEST(PromqlParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  auto e = parse_expr(deep + "1" + std::string(100000, ')'));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("nests too deeply"), std::string::npos) << e.error().message;
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  EXPECT_FALSE(parse_expr(chain));
  std::string unary(100000, '-');
  EXPECT_FALSE(parse_expr(unary + "foo"));
  std::string subqueries = "foo";
  for (int i = 0; i < 10000; ++i) subqueries += "[5m:]";
  EXPECT_FALSE(parse_expr(subqueries));
  // After Prometheus's fuzzing regression (scaled to the nesting limit): the
  // first error is found in a long query without re-rendering it per error.
  std::string regression = "(";
  for (int i = 0; i < 100; ++i) regression += "-{}-1";
  regression += ")";
  for (int i = 0; i < 100; ++i) regression += "[1m:]";
  auto r = parse_expr(regression);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "1:3: parse error: vector selector must contain at least one non-empty matcher");
  // Within the limit, nesting is fine.
  EXPECT_TRUE(parse_expr(std::string(100, '(') + "1" + std::string(100, ')')));
}

TEST(PromqlParser, OverlongQueryIsRefused) {
  std::string q(kMaxQueryBytes + 1, ' ');
  q[0] = '1';
  auto e = parse_expr(q);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().kind, ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace vigil::promql
