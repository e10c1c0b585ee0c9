#pragma once
// ASCII character classes of the redaction scanners, on top of the SDK's
// shared ones.

#include "ascii.h"

namespace vigil::log::detail {

using ascii::is_alnum;
using ascii::is_digit;
using ascii::is_lower;
using ascii::is_upper;
using ascii::to_lower;
constexpr bool is_word(char c) { return is_alnum(c) || c == '_'; }
constexpr bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }

}  // namespace vigil::log::detail
