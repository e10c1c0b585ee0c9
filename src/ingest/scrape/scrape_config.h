#pragma once
// scrape_configs in Prometheus's YAML shape, decoded and checked as
// Prometheus checks them: unknown keys, bad durations, a timeout longer
// than the interval, duplicate job names, conflicting credentials and bad
// relabel rules are all reported, one line each, as
// "<file>:<line>: scrape_configs[<i>].<key>: <what is wrong>".

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/duration.h"
#include "core/error.h"
#include "ingest/scrape/relabel.h"

namespace vigil::ingest::scrape {

struct BasicAuth {
  std::string username;
  std::string password;
  std::string password_file;  // read at each scrape, so that a rotated secret is picked up
};

// Prometheus's `authorization` block, and the older bearer_token keys it replaces.
struct Authorization {
  std::string type = "Bearer";
  std::string credentials;
  std::string credentials_file;
};

struct TlsClientConfig {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string server_name;
  bool insecure_skip_verify = false;
};

struct StaticConfig {
  std::vector<std::string> targets;  // host:port
  std::map<std::string, std::string> labels;
};

struct FileSdConfig {
  std::vector<std::string> files;  // JSON (.json) or YAML (.yml, .yaml); globs in the last path element
  Duration refresh_interval = std::chrono::minutes(5);
};

struct ScrapeConfig {
  std::string job_name;
  Duration scrape_interval = std::chrono::minutes(1);
  Duration scrape_timeout = std::chrono::seconds(10);
  std::string metrics_path = "/metrics";
  std::string scheme = "http";
  std::map<std::string, std::vector<std::string>> params;
  std::optional<BasicAuth> basic_auth;
  std::optional<Authorization> authorization;
  TlsClientConfig tls_config;
  bool follow_redirects = true;
  bool honor_labels = false;
  bool honor_timestamps = true;
  uint64_t sample_limit = 0;  // 0: no limit
  uint64_t label_limit = 0;
  uint64_t label_name_length_limit = 0;
  uint64_t label_value_length_limit = 0;
  uint64_t target_limit = 0;
  uint64_t body_size_limit = 0;  // bytes of uncompressed body
  std::vector<StaticConfig> static_configs;
  std::vector<FileSdConfig> file_sd_configs;
  std::vector<RelabelRule> relabel_configs;
  std::vector<RelabelRule> metric_relabel_configs;
};

// Decodes the scrape_configs sequence (an undefined or null node is an empty
// list). `file` names the configuration file in messages. Relative
// password, credential and file_sd paths are resolved against `base_dir`,
// as Prometheus resolves them against the configuration file's directory.
Result<std::vector<ScrapeConfig>> decode_scrape_configs(const YAML::Node& node, const std::string& file,
                                                        const std::string& base_dir);

}  // namespace vigil::ingest::scrape
