#pragma once
// Go text/template's builtin functions other than and/or, which the
// executor evaluates itself because they short-circuit.

#include <string>
#include <string_view>

#include "template/value.h"

namespace vigil::tmpl {

const Functions& builtin_functions();

// url.QueryEscape, which urlquery applies.
std::string go_query_escape(std::string_view text);

// An argument of eq/lt/...: comparing values of two kinds, as Go's
// basicKind does (int with int, float with float; nothing else mixes).
Result<bool> go_equal(const Value& a, const Value& b);
Result<bool> go_less(const Value& a, const Value& b);

}  // namespace vigil::tmpl
