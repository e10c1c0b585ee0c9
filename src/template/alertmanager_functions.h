#pragma once
// The functions Alertmanager 0.25 gives notification templates: toUpper,
// toLower, title, join (separator first: {{ join ", " .List }}), match,
// safeHtml, reReplaceAll, stringSlice.

#include "template/value.h"

namespace vigil::tmpl {

Functions alertmanager_functions();

}  // namespace vigil::tmpl
