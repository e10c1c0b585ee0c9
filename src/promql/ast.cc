#include "promql/ast.h"

namespace vigil::promql {

ValueType type_of(const Expr& expr) {
  struct Visitor {
    ValueType operator()(const NumberLiteral&) const { return ValueType::scalar; }
    ValueType operator()(const StringLiteral&) const { return ValueType::string; }
    ValueType operator()(const VectorSelector&) const { return ValueType::vector; }
    ValueType operator()(const MatrixSelector&) const { return ValueType::matrix; }
    ValueType operator()(const Subquery&) const { return ValueType::matrix; }
    ValueType operator()(const Call& c) const { return c.function->return_type; }
    ValueType operator()(const Aggregate&) const { return ValueType::vector; }
    ValueType operator()(const Binary& b) const {
      return type_of(*b.lhs) == ValueType::scalar && type_of(*b.rhs) == ValueType::scalar ? ValueType::scalar
                                                                                          : ValueType::vector;
    }
    ValueType operator()(const Unary& u) const { return type_of(*u.expr); }
    ValueType operator()(const Paren& p) const { return type_of(*p.expr); }
  };
  return std::visit(Visitor{}, expr.node);
}

const char* to_string(AggregateOp op) {
  static constexpr const char* kNames[] = {"sum",    "avg",    "count", "min",     "max",          "group",
                                           "stddev", "stdvar", "topk",  "bottomk", "count_values", "quantile"};
  return kNames[static_cast<int>(op)];
}

const char* to_string(BinaryOp op) {
  static constexpr const char* kNames[] = {
      "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2"};
  return kNames[static_cast<int>(op)];
}

bool is_comparison(BinaryOp op) { return op >= BinaryOp::eql && op <= BinaryOp::lte; }

bool is_set_operator(BinaryOp op) { return op >= BinaryOp::land && op <= BinaryOp::lunless; }

bool takes_parameter(AggregateOp op) { return op >= AggregateOp::topk; }

}  // namespace vigil::promql
