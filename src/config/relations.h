#pragma once
// Checks that involve several keys, run once every layer is applied, since
// the keys involved may come from different layers.

#include "config/draft.h"

namespace vigil::config {

void check_relations(Draft& draft);

}  // namespace vigil::config
