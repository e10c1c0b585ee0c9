#pragma once
// The @-modifier variants upstream's driver evaluates for every instant eval
// (FORMAT.md §5.3, promqltest's atModifierTestCases): the expression with
// `@ <eval time>` on every selector and subquery outside a subquery that has
// an @, printed canonically and evaluated again at other times. A step-
// invariant expression must give the same result at any evaluation time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::promql::conformance {

struct AtModifierVariants {
  std::string expr;               // printed with promql::to_string
  std::vector<int64_t> times_ms;  // evaluation times
};

// The rewritten expression, `@` printed as seconds with three decimals.
// nullopt when `expr` calls one of upstream's AtModifierUnsafeFunctions
// (time(), timestamp(), predict_linear(), the date functions: their result
// depends on the evaluation time) outside every subquery (calls
// inside one are not looked at, as upstream's walk skips them) or does not
// parse.
std::optional<std::string> pin_to_eval_time(std::string_view expr, int64_t time_ms);

// -10T, 0, T/5, T, 10T; or -1s, 0, 1s when T is 0.
std::vector<int64_t> at_modifier_eval_times(int64_t time_ms);

// Both of the above; nullopt when the expression has no variants.
std::optional<AtModifierVariants> at_modifier_variants(std::string_view expr, int64_t time_ms);

}  // namespace vigil::promql::conformance
