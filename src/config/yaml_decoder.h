#pragma once
// Decodes a parsed configuration file onto a Draft, key by key against the
// schema. Unknown keys, values of the wrong type or out of range are
// reported with the file and line, and decoding goes on with the next key.

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "config/draft.h"

namespace vigil::config {

// The top-level `profile` key is left to the loader, which needs it before
// the file's values are applied.
void decode_document(const YAML::Node& root, std::string_view file, Draft& draft);

}  // namespace vigil::config
