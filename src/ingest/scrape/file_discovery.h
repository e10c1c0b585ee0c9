#pragma once
// file_sd_configs: target groups read from JSON or YAML files, in
// Prometheus's shape (a list of {targets: [...], labels: {...}}). Each group
// gets __meta_filepath, the file it came from, as Prometheus adds it.

#include <string>
#include <vector>

#include "core/error.h"
#include "ingest/scrape/target.h"

namespace vigil::ingest::scrape {

// The files the patterns name now (a pattern may glob in its last path
// element), sorted, without duplicates.
std::vector<std::string> expand_file_patterns(const std::vector<std::string>& patterns);

// One file's groups; an error names the file and, where it can, the line.
Result<std::vector<TargetGroup>> read_target_file(const std::string& path);

}  // namespace vigil::ingest::scrape
