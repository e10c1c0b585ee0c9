#pragma once
// The exception that unwinds the parser and the type checker to parse_expr(),
// which turns it into an Error with the line and column of `pos`.

#include <cstddef>
#include <string>

namespace vigil::promql {

struct ParseFailure {
  size_t pos;
  std::string message;
};

}  // namespace vigil::promql
