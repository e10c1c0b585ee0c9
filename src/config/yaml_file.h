#pragma once
// Reading and parsing a configuration file, with errors that name the file:
// "<file>: cannot read: <reason>", "<file>:<line>:<col>: YAML syntax error: ...".

#include <string>

#include <yaml-cpp/yaml.h>

#include "core/error.h"

namespace vigil::config {

// The file's single YAML document; a null node for an empty file or one
// holding only comments.
Result<YAML::Node> read_yaml_file(const std::string& path);

// The same for text already read; `path` names it in errors.
Result<YAML::Node> parse_yaml(const std::string& content, const std::string& path);

}  // namespace vigil::config
