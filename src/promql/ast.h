#pragma once
// The syntax tree of a PromQL expression, shaped like Prometheus's
// promql/parser AST so that the engine and the printer follow its rules.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/duration.h"
#include "promql/functions.h"
#include "storage/index/matcher.h"

namespace vigil::promql {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct NumberLiteral {
  double value = 0;
};

struct StringLiteral {
  std::string value;
};

// `@ 1600000000.000`, `@ start()`, `@ end()`.
struct AtModifier {
  enum class Anchor { timestamp, start, end };
  Anchor anchor = Anchor::timestamp;
  int64_t timestamp_ms = 0;  // for Anchor::timestamp
};

struct VectorSelector {
  std::string name;  // empty when the name is not written before the braces
  // All matchers, the written name's __name__="..." matcher last, handed to
  // storage as they are.
  std::vector<storage::index::Matcher> matchers;
  Duration offset{0};  // negative for `offset -5m`
  std::optional<AtModifier> at;
};

// `selector[5m]`: its offset and @ live in the selector, as in Prometheus.
struct MatrixSelector {
  VectorSelector selector;
  Duration range{0};
};

struct Subquery {
  ExprPtr expr;
  Duration range{0};
  Duration step{0};  // 0 when omitted: `[5m:]` uses the evaluation interval
  Duration offset{0};
  std::optional<AtModifier> at;
};

struct Call {
  const Function* function = nullptr;
  std::vector<ExprPtr> args;
};

enum class AggregateOp { sum, avg, count, min, max, group, stddev, stdvar, topk, bottomk, count_values, quantile };

struct Aggregate {
  AggregateOp op = AggregateOp::sum;
  ExprPtr expr;
  ExprPtr param;  // topk, bottomk, quantile, count_values
  std::vector<std::string> grouping;
  bool without = false;
};

enum class BinaryOp { add, sub, mul, div, mod, pow, eql, neq, gtr, lss, gte, lte, land, lor, lunless, atan2 };

// How the two sides' series pair up; absent between a scalar and anything.
struct VectorMatching {
  enum class Card { one_to_one, many_to_one, one_to_many, many_to_many };
  Card card = Card::one_to_one;
  std::vector<std::string> labels;  // of on(...) or ignoring(...)
  bool on = false;
  std::vector<std::string> include;  // of group_left(...) / group_right(...)
};

struct Binary {
  BinaryOp op = BinaryOp::add;
  ExprPtr lhs;
  ExprPtr rhs;
  bool return_bool = false;
  std::optional<VectorMatching> matching;
  size_t op_pos = 0;  // where the operator is, for error messages
};

struct Unary {
  bool negate = true;  // false for unary plus
  ExprPtr expr;
};

struct Paren {
  ExprPtr expr;
};

struct Expr {
  std::variant<NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Subquery, Call, Aggregate, Binary, Unary,
               Paren>
      node;
  size_t pos = 0;  // byte offset where the expression starts in the query
};

ValueType type_of(const Expr& expr);

const char* to_string(AggregateOp op);
const char* to_string(BinaryOp op);
bool is_comparison(BinaryOp op);
bool is_set_operator(BinaryOp op);
bool takes_parameter(AggregateOp op);

}  // namespace vigil::promql
