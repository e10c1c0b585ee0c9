#pragma once
// Parses a PromQL expression as Prometheus 2.x does: the same grammar,
// precedence, type checks and error messages. Errors read like Prometheus's:
// "1:8: parse error: unexpected end of input" (line:column, both from 1, the
// column counted in bytes).

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "promql/ast.h"

namespace vigil::promql {

// Limits against hostile input: a longer query, or one that nests deeper
// (parentheses, operands, chained operators, subqueries), is refused with an
// error instead of exhausting memory or the stack.
inline constexpr size_t kMaxQueryBytes = 1 << 20;
inline constexpr int kMaxNesting = 512;

Result<Expr> parse_expr(std::string_view query);

// A bare series selector (`up`, `{job=~"a.*"}`, `up{job="a"}`), as
// Prometheus's parser.ParseMetricSelector reads the API's match[]: its
// matchers, the written name as a __name__ matcher. Like Prometheus, it does
// not run the expression checks, so `{}` parses (callers refuse selectors that
// match everything); anything else (offset, range, operators) is an error.
Result<std::vector<storage::index::Matcher>> parse_metric_selector(std::string_view text);

}  // namespace vigil::promql
