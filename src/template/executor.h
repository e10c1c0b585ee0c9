#pragma once
// Walks a parse tree against data, as Go's text/template exec.go does: the
// dot, variables, field and method lookup, function calls, and Go's error
// wording ("template: NAME:LINE:COL: executing \"NAME\" at <NODE>: ...").

#include <string>

#include "core/error.h"
#include "template/parse_tree.h"
#include "template/template.h"
#include "template/value.h"

namespace vigil::tmpl {

// Host functions shadow builtins of the same name.
Result<std::string> execute_tree(const Tree& tree, const TreeSet& trees, const Functions& functions, const Value& data,
                                 const ExecuteOptions& options);

}  // namespace vigil::tmpl
