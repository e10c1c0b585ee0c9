#include "promql/type_check.h"

#include <string>

#include "core/go_text.h"
#include "promql/parse_failure.h"

namespace vigil::promql {
namespace {

[[noreturn]] void fail(size_t pos, std::string message) { throw ParseFailure{pos, std::move(message)}; }

ValueType check(Expr& expr);

void expect_type(Expr& expr, ValueType want, const std::string& context) {
  ValueType got = check(expr);
  if (got != want) {
    std::string message = "expected type ";
    message += documented_name(want);
    message += " in ";
    message += context;
    message += ", got ";
    message += documented_name(got);
    fail(expr.pos, std::move(message));
  }
}

void check_call(Expr& expr, Call& call) {
  const Function& f = *call.function;
  size_t nargs = f.arg_types.size();
  std::string quoted_name = "\"";
  quoted_name += f.name;
  quoted_name += '"';
  auto count_error = [&](const char* qualifier, size_t n) {
    std::string message = "expected ";
    message += qualifier;
    message += std::to_string(n);
    message += " argument(s) in call to ";
    message += quoted_name;
    message += ", got ";
    message += std::to_string(call.args.size());
    fail(expr.pos, std::move(message));
  };
  if (f.variadic == 0) {
    if (nargs != call.args.size()) count_error("", nargs);
  } else {
    size_t min_args = nargs - 1;
    if (min_args > call.args.size()) count_error("at least ", min_args);
    if (f.variadic > 0 && min_args + static_cast<size_t>(f.variadic) < call.args.size()) {
      count_error("at most ", min_args + static_cast<size_t>(f.variadic));
    }
  }
  std::string context = "call to function ";
  context += quoted_name;
  for (size_t i = 0; i < call.args.size(); ++i) {
    size_t t = i < nargs ? i : nargs - 1;
    expect_type(*call.args[i], f.arg_types[t], context);
  }
}

void check_aggregate(Aggregate& agg) {
  expect_type(*agg.expr, ValueType::vector, "aggregation expression");
  if (agg.op == AggregateOp::topk || agg.op == AggregateOp::bottomk || agg.op == AggregateOp::quantile) {
    expect_type(*agg.param, ValueType::scalar, "aggregation parameter");
  }
  if (agg.op == AggregateOp::count_values) expect_type(*agg.param, ValueType::string, "aggregation parameter");
}

void check_binary(Expr& expr, Binary& bin) {
  ValueType lt = check(*bin.lhs);
  ValueType rt = check(*bin.rhs);
  if (bin.return_bool && !is_comparison(bin.op)) {
    fail(bin.op_pos, "bool modifier can only be used on comparison operators");
  }
  if (is_comparison(bin.op) && !bin.return_bool && lt == ValueType::scalar && rt == ValueType::scalar) {
    fail(bin.op_pos, "comparisons between scalars must use BOOL modifier");
  }
  VectorMatching& vm = *bin.matching;
  if (is_set_operator(bin.op) && vm.card == VectorMatching::Card::one_to_one) {
    vm.card = VectorMatching::Card::many_to_many;
  }
  if (vm.on) {
    for (const auto& l1 : vm.labels) {
      for (const auto& l2 : vm.include) {
        if (l1 == l2) {
          std::string message = "label \"";
          message += l1;
          message += "\" must not occur in ON and GROUP clause at once";
          fail(bin.op_pos, std::move(message));
        }
      }
    }
  }
  if (lt != ValueType::scalar && lt != ValueType::vector) {
    fail(bin.lhs->pos, "binary expression must contain only scalar and instant vector types");
  }
  if (rt != ValueType::scalar && rt != ValueType::vector) {
    fail(bin.rhs->pos, "binary expression must contain only scalar and instant vector types");
  }
  std::string quoted_op = "\"";
  quoted_op += to_string(bin.op);
  quoted_op += '"';
  if (lt != ValueType::vector || rt != ValueType::vector) {
    if (!vm.labels.empty()) fail(expr.pos, "vector matching only allowed between instant vectors");
    bin.matching.reset();
  } else if (is_set_operator(bin.op)) {
    if (vm.card == VectorMatching::Card::one_to_many || vm.card == VectorMatching::Card::many_to_one) {
      std::string message = "no grouping allowed for ";
      message += quoted_op;
      message += " operation";
      fail(expr.pos, std::move(message));
    }
  }
  if ((lt == ValueType::scalar || rt == ValueType::scalar) && is_set_operator(bin.op)) {
    std::string message = "set operator ";
    message += quoted_op;
    message += " not allowed in binary scalar expression";
    fail(expr.pos, std::move(message));
  }
}

// A name written before the braces must not also be matched inside them; a
// selector without one needs a matcher that rejects the empty value, so that
// a typo cannot select every series.
void check_selector(const Expr& expr, const VectorSelector& vs) {
  if (!vs.name.empty()) {
    for (size_t i = 0; i + 1 < vs.matchers.size(); ++i) {
      if (vs.matchers[i].name() == "__name__") {
        std::string message = "metric name must not be set twice: ";
        message += quote_go_string(vs.name);
        message += " or ";
        message += quote_go_string(vs.matchers[i].value());
        fail(expr.pos, std::move(message));
      }
    }
    return;
  }
  for (const auto& m : vs.matchers) {
    if (!m.matches_empty()) return;
  }
  fail(expr.pos, "vector selector must contain at least one non-empty matcher");
}

ValueType check(Expr& expr) {
  if (auto* vs = std::get_if<VectorSelector>(&expr.node)) {
    check_selector(expr, *vs);
  } else if (auto* ms = std::get_if<MatrixSelector>(&expr.node)) {
    check_selector(expr, ms->selector);
  } else if (auto* call = std::get_if<Call>(&expr.node)) {
    check_call(expr, *call);
  } else if (auto* agg = std::get_if<Aggregate>(&expr.node)) {
    check_aggregate(*agg);
  } else if (auto* bin = std::get_if<Binary>(&expr.node)) {
    check_binary(expr, *bin);
  } else if (auto* unary = std::get_if<Unary>(&expr.node)) {
    ValueType t = check(*unary->expr);
    if (t != ValueType::scalar && t != ValueType::vector) {
      std::string message = "unary expression only allowed on expressions of type scalar or instant vector, got \"";
      message += documented_name(t);
      message += '"';
      fail(expr.pos, std::move(message));
    }
  } else if (auto* paren = std::get_if<Paren>(&expr.node)) {
    check(*paren->expr);
  } else if (auto* sub = std::get_if<Subquery>(&expr.node)) {
    ValueType t = check(*sub->expr);
    if (t != ValueType::vector) {
      std::string message = "subquery is only allowed on instant vector, got ";
      message += value_type_name(t);
      fail(expr.pos, std::move(message));
    }
  }
  return type_of(expr);
}

}  // namespace

void check_types(Expr& expr) { check(expr); }

}  // namespace vigil::promql
