#pragma once
// Scrape targets from discovered groups, as Prometheus builds them: the
// group's labels plus __address__ and the scrape config's defaults
// (job, __scheme__, __metrics_path__, __scrape_interval__,
// __scrape_timeout__, __param_<name>), then relabel_configs, then the
// address checked (a default port added), `instance` defaulted to it, and
// the labels starting with "__" kept only for building the URL.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/duration.h"
#include "ingest/scrape/scrape_config.h"
#include "storage/labels/label_set.h"

namespace vigil::ingest::scrape {

// What discovery found: addresses and the labels they share.
struct TargetGroup {
  std::vector<std::string> targets;
  std::map<std::string, std::string> labels;
  std::string source;  // "static_configs[0]" or the file it was read from
};

struct Target {
  storage::LabelSet labels;       // the series labels a scrape adds: no "__" labels
  storage::LabelSet discovered;   // before relabeling, for /api/v1/targets
  std::string scheme;
  std::string address;            // host:port
  std::string path_and_query;     // metrics path with the encoded params
  Duration interval{};
  Duration timeout{};
  uint64_t hash = 0;              // of labels and URL: spreads scrapes over the interval

  std::string url() const { return scheme + "://" + address + path_and_query; }
};

struct DroppedTarget {
  storage::LabelSet discovered;
};

struct BuiltTargets {
  std::vector<Target> active;
  std::vector<DroppedTarget> dropped;
  std::vector<std::string> errors;  // one line per target that could not be built
};

// Builds the targets of `groups` for `config`; duplicates (same labels and
// URL) are kept once.
BuiltTargets build_targets(const ScrapeConfig& config, const std::vector<TargetGroup>& groups);

}  // namespace vigil::ingest::scrape
