#pragma once
// The checks Prometheus's parser runs on a syntactically valid tree: the
// matchers of selectors, argument counts and types, operand types, `bool` and vector matching rules. Also
// normalizes vector matching as Prometheus does (set operators are
// many-to-many; matching is dropped when a side is a scalar).

#include "promql/ast.h"

namespace vigil::promql {

// Throws ParseFailure at the first violation.
void check_types(Expr& expr);

}  // namespace vigil::promql
