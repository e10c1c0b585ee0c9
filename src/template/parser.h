#pragma once
// Go text/template's parser: the main body of a text and the templates its
// {{define}} and {{block}} actions name, with Go's error wording
// ("template: NAME:LINE: MESSAGE").

#include <functional>
#include <memory>
#include <string_view>

#include "core/error.h"
#include "template/parse_tree.h"

namespace vigil::tmpl {

struct ParsedText {
  std::shared_ptr<const Tree> main;  // the text outside defines, named `name`
  TreeSet defined;                   // define and block bodies by name
};

// Whether an identifier names a function (builtin or host).
using FunctionCheck = std::function<bool(std::string_view name)>;

// Nesting of parentheses and control actions beyond this is an error (Go
// has no limit but grows its stack; a C++ parser must not recurse without
// bound).
inline constexpr int kMaxParseDepth = 500;

Result<ParsedText> parse_template(std::string_view name, std::string_view text, const FunctionCheck& is_function);

}  // namespace vigil::tmpl
