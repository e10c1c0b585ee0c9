#include "promql/conformance/at_modifier_variants.h"

#include <algorithm>
#include <array>

#include "promql/parser.h"
#include "promql/printer.h"

namespace vigil::promql::conformance {
namespace {

// Upstream's AtModifierUnsafeFunctions: their result depends on the
// evaluation time even when their arguments are step invariant.
bool is_at_modifier_unsafe(std::string_view function_name) {
  static constexpr std::array<std::string_view, 11> kUnsafe = {
      "days_in_month", "day_of_month", "day_of_week",    "day_of_year", "hour",      "minute",
      "month",         "year",         "predict_linear", "time",        "timestamp",
  };
  return std::ranges::find(kUnsafe, function_name) != kUnsafe.end();
}

// Mirrors upstream's parser.Inspect walk: a node is rewritten unless an
// ancestor is a subquery with an @. Every subquery the walk reaches ends up
// with one, so the walk never enters a subquery. `@ start()` and `@ end()`
// count as no @ (upstream keeps them apart from the timestamp) and are
// replaced.
class EvalTimePinner {
 public:
  explicit EvalTimePinner(int64_t time_ms) : at_{AtModifier::Anchor::timestamp, time_ms} {}

  bool calls_unsafe_function() const { return unsafe_; }

  void visit(Expr& expr) {
    std::visit([this](auto& node) { pin(node); }, expr.node);
  }

 private:
  void pin_at(std::optional<AtModifier>& at) const {
    if (!at || at->anchor != AtModifier::Anchor::timestamp) at = at_;
  }

  void pin(NumberLiteral&) {}
  void pin(StringLiteral&) {}
  void pin(VectorSelector& selector) { pin_at(selector.at); }
  void pin(MatrixSelector& matrix) { pin_at(matrix.selector.at); }
  void pin(Subquery& subquery) { pin_at(subquery.at); }
  void pin(Call& call) {
    unsafe_ = unsafe_ || is_at_modifier_unsafe(call.function->name);
    for (ExprPtr& arg : call.args) visit(*arg);
  }
  void pin(Aggregate& aggregate) {
    if (aggregate.param) visit(*aggregate.param);
    visit(*aggregate.expr);
  }
  void pin(Binary& binary) {
    visit(*binary.lhs);
    visit(*binary.rhs);
  }
  void pin(Unary& unary) { visit(*unary.expr); }
  void pin(Paren& paren) { visit(*paren.expr); }

  const AtModifier at_;
  bool unsafe_ = false;
};

}  // namespace

std::optional<std::string> pin_to_eval_time(std::string_view expr, int64_t time_ms) {
  auto parsed = parse_expr(expr);
  if (!parsed) return std::nullopt;
  EvalTimePinner pinner(time_ms);
  pinner.visit(*parsed);
  if (pinner.calls_unsafe_function()) return std::nullopt;
  return to_string(*parsed);
}

std::vector<int64_t> at_modifier_eval_times(int64_t time_ms) {
  if (time_ms == 0) return {-1000, 0, 1000};
  return {-10 * time_ms, 0, time_ms / 5, time_ms, 10 * time_ms};
}

std::optional<AtModifierVariants> at_modifier_variants(std::string_view expr, int64_t time_ms) {
  auto pinned = pin_to_eval_time(expr, time_ms);
  if (!pinned) return std::nullopt;
  return AtModifierVariants{std::move(*pinned), at_modifier_eval_times(time_ms)};
}

}  // namespace vigil::promql::conformance
