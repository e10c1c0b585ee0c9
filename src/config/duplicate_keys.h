#pragma once
// yaml-cpp keeps every entry of a map with a repeated key and lookups return
// the first, so a repeated key would be silently ignored; this pass reports
// each one, in the whole document including the sections kept as YAML.

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "config/problems.h"

namespace vigil::config {

void find_duplicate_keys(const YAML::Node& root, std::string_view file, Problems& problems);

}  // namespace vigil::config
