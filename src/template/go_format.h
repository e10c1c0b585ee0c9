#pragma once
// Go's fmt over template values: Sprint, Sprintln and Sprintf with the verbs
// templates use (%v %s %d %f %e %g %q %x %X %t %c %U %T %%, flags - + # 0
// space, width and precision, * for either) and fmt's in-band complaints:
// %!d(string=x), %!s(MISSING), %!(EXTRA int=1), %!(NOVERB), %!(BADWIDTH).

#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace vigil::tmpl {

// fmt.Sprint(value): %v of one value ("<nil>" for nil and missing values).
std::string go_sprint_value(const Value& value);

// fmt.Sprint(args...): a space between operands when neither is a string.
std::string go_sprint(std::span<const Value> args);

// fmt.Sprintln(args...): spaces between all operands and a newline.
std::string go_sprintln(std::span<const Value> args);

// fmt.Sprintf(format, args...).
std::string go_sprintf(std::string_view format, std::span<const Value> args);

}  // namespace vigil::tmpl
