#pragma once
// The string functions Prometheus and Alertmanager templates share, with
// the same Go signatures in both: toUpper, toLower, title, match,
// reReplaceAll, safeHtml.

#include <string>
#include <string_view>

#include "template/value.h"

namespace vigil::tmpl {

// A Go func(string) string.
Function string_function(std::string (*transform)(std::string_view));

// Adds the shared functions to `functions`.
void add_text_functions(Functions& functions);

}  // namespace vigil::tmpl
