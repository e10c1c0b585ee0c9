#pragma once
// Prints an expression in Prometheus's canonical form (its String() methods):
// `sum by (job) (rate(x{a="b"}[5m] offset 1h30m))`, operators spaced, label
// matchers sorted, durations shortest, numbers as Go prints floats. Parsing
// the output gives the same tree, so /api/v1/format_query can answer with it.

#include <string>

#include "promql/ast.h"

namespace vigil::promql {

std::string to_string(const Expr& expr);

// Prometheus's model.Duration form: "1h30m", "90d" (weeks and years only when
// exact), "0s".
std::string format_promql_duration(Duration d);

}  // namespace vigil::promql
