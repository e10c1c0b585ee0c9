#pragma once
// The layers above the file: VIGIL_<SECTION>_<KEY> environment variables,
// then command-line flags.

#include <map>
#include <string>

#include "config/draft.h"
#include "config/loader.h"

namespace vigil::config {

// Applies every environment variable named after a scalar key. A VIGIL_
// variable in a known section that names no such key is a problem; other
// VIGIL_ variables (VIGIL_PROFILE, VIGIL_CONFIG, ...) belong to others.
void apply_environment(const std::map<std::string, std::string>& env, Draft& draft);

void apply_flags(const FlagOverrides& flags, Draft& draft);

}  // namespace vigil::config
