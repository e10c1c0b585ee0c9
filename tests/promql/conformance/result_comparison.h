#pragma once
// Checks a query result against an eval's expectation exactly as upstream's
// promqltest `compareResult` does (FORMAT.md §4): floats almost equal
// (relative 1e-6), series matched by label set, matrices sorted by labels,
// eval_ordered vectors in the order of the expectation lines.

#include <optional>
#include <string>

#include "promql/engine/engine.h"
#include "promql/script/script.h"

namespace vigil::promql::conformance {

// Upstream's defaultEpsilon for almost.Equal.
inline constexpr double kEpsilon = 1e-6;

// almost.Equal: both NaN (any NaN, StaleNaN included), or equal, or, when
// neither is zero nor the pair subnormal, a difference relative to the sum of
// magnitudes below epsilon.
bool almost_equal(double a, double b, double epsilon = kEpsilon);

// What differs, or nullopt when the result matches. A string result fails:
// upstream's driver has no rule for it.
std::optional<std::string> compare_result(const script::Eval& eval, const QueryResult& result);

// Upstream's assertMatrixSorted: nullopt when the series are in labels order.
std::optional<std::string> check_sorted(const Matrix& matrix);

}  // namespace vigil::promql::conformance
