#pragma once
// Go's strconv.ParseFloat for the strings PromQL reads as numbers (the `le`
// label of histogram buckets): decimal and hex forms, a sign, and Inf,
// Infinity and NaN in any case.

#include <optional>
#include <string_view>

namespace vigil::promql::engine {

std::optional<double> parse_go_float(std::string_view text);

}  // namespace vigil::promql::engine
