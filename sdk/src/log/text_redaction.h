#pragma once
// The built-in free-text redaction: one left-to-right pass over the text.

#include <string>
#include <string_view>

#include "vigil/log/redactor.h"

namespace vigil::log::detail {

// Masks secrets in `text` by the built-in rules; `redactor` decides which
// key names are secret in "key=value" pairs. Linear in the size of the text.
std::string redact_builtin(std::string_view text, const Redactor& redactor);

}  // namespace vigil::log::detail
