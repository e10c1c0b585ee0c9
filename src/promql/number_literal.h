#pragma once
// The value of a PromQL number token, read as Prometheus 2.x reads it: Go's
// strconv.ParseInt(text, 0, 64) first (so 0x1f is hex and 0755 octal), then
// strconv.ParseFloat (fractions, exponents, Inf, NaN).

#include <expected>
#include <string>
#include <string_view>

namespace vigil::promql {

// `text` is a number token as the lexer cuts it. The value, or Prometheus's
// message: `error parsing number: strconv.ParseFloat:
// parsing "1e": invalid syntax`.
std::expected<double, std::string> parse_number_literal(std::string_view text);

}  // namespace vigil::promql
