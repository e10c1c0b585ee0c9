#pragma once
// Numeric and character constants of template text, read as Go's parser
// reads them (strconv's base prefixes, '_' separators, hex floats, rune
// literals) and typed as an interface{} argument receives them.

#include <memory>
#include <string_view>

#include "core/error.h"
#include "template/parse_tree.h"

namespace vigil::tmpl {

// The number or (when is_char) character constant `text` at byte `pos`; the
// error message is Go's ("illegal number syntax: \"1x\"").
Result<std::unique_ptr<NumberNode>> parse_number_literal(size_t pos, std::string_view text, bool is_char);

}  // namespace vigil::tmpl
