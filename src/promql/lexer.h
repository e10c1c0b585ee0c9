#pragma once
// Splits a PromQL query into tokens the way Prometheus 2.x's lexer does,
// including its error messages. Comments and spaces are dropped.

#include <string_view>
#include <vector>

#include "promql/token.h"

namespace vigil::promql {

// The tokens of `query`, ending with an eof token, or with an error token at
// the first lexical error (its `pos` is where the bad token starts).
std::vector<Token> lex(std::string_view query);

}  // namespace vigil::promql
