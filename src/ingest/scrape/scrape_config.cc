#include "ingest/scrape/scrape_config.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string_view>

#include <fmt/core.h>

#include "storage/labels/validation.h"

#include "config/suggest.h"
#include "core/byte_size.h"

namespace vigil::ingest::scrape {
namespace {


// Keys Prometheus accepts in a scrape config that Vigil does not implement:
// named as such instead of as unknown.
const std::vector<std::string_view> kUnsupportedKeys = {
    "oauth2", "proxy_url", "no_proxy", "proxy_from_environment", "proxy_connect_header", "scrape_classic_histograms",
    "native_histogram_bucket_limit", "keep_dropped_targets", "azure_sd_configs", "consul_sd_configs",
    "digitalocean_sd_configs", "docker_sd_configs", "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs",
    "eureka_sd_configs", "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs",
    "kubernetes_sd_configs", "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs",
    "nerve_sd_configs", "nomad_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs", "puppetdb_sd_configs",
    "scaleway_sd_configs", "serverset_sd_configs", "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs"};

// Reads YAML values into typed fields, collecting every problem with the
// file, line and key path where it is.
class Decoder {
 public:
  Decoder(std::string file, std::string base_dir) : file_(std::move(file)), base_dir_(std::move(base_dir)) {}

  void problem(const YAML::Node& node, const std::string& path, const std::string& what) {
    const int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    problems_.emplace_back(line, line > 0 ? fmt::format("{}:{}: {}: {}", file_, line, path, what)
                                          : fmt::format("{}: {}: {}", file_, path, what));
  }
  // One line per problem, in the order of the file.
  std::string report() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string message;
    for (const auto& [line, text] : problems_) {
      if (!message.empty()) message += '\n';
      message += text;
    }
    return message;
  }
  bool ok() const { return problems_.empty(); }

  // False (with a problem) unless `node` is a map whose keys are all in `known`.
  bool check_map(const YAML::Node& node, const std::string& path, const std::vector<std::string_view>& known,
                 const std::vector<std::string_view>& unsupported = {}) {
    if (!node.IsMap()) {
      problem(node, path, "expected a map");
      return false;
    }
    for (const auto& entry : node) {
      const std::string key = entry.first.Scalar();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      if (std::find(unsupported.begin(), unsupported.end(), key) != unsupported.end()) {
        problem(entry.first, path + "." + key, "not supported by Vigil");
        continue;
      }
      problem(entry.first, path + "." + key, "unknown key" + config::did_you_mean(key, known));
    }
    return true;
  }

  void string(const YAML::Node& map, const std::string& path, const char* key, std::string& out) {
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsScalar()) return problem(node, path + "." + key, "expected a string");
    out = node.Scalar();
  }

  // A file name, resolved against the configuration file's directory.
  void path(const YAML::Node& map, const std::string& path_text, const char* key, std::string& out) {
    string(map, path_text, key, out);
    out = resolve(out);
  }

  std::string resolve(const std::string& name) const {
    if (name.empty() || base_dir_.empty() || std::filesystem::path(name).is_absolute()) return name;
    return (std::filesystem::path(base_dir_) / name).string();
  }

  void duration(const YAML::Node& map, const std::string& path, const char* key, Duration& out, bool& set) {
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return;
    Result<Duration> parsed = std::unexpected(Error{});
    if (node.IsScalar()) parsed = parse_duration(node.Scalar());
    if (!parsed) return problem(node, path + "." + key, "expected a duration such as 15s, 1m or 1h30m");
    out = *parsed;
    set = true;
  }

  void boolean(const YAML::Node& map, const std::string& path, const char* key, bool& out) {
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return;
    const std::string& text = node.IsScalar() ? node.Scalar() : "";
    if (text == "true") {
      out = true;
    } else if (text == "false") {
      out = false;
    } else {
      problem(node, path + "." + key, "expected true or false");
    }
  }

  void count(const YAML::Node& map, const std::string& path, const char* key, uint64_t& out) {
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return;
    const std::string& text = node.IsScalar() ? node.Scalar() : "";
    uint64_t value = 0;
    const bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || text.size() > 19) return problem(node, path + "." + key, "expected a whole number");
    for (char c : text) value = value * 10 + static_cast<uint64_t>(c - '0');
    out = value;
  }

  void byte_size(const YAML::Node& map, const std::string& path, const char* key, uint64_t& out) {
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return;
    Result<uint64_t> parsed = std::unexpected(Error{});
    if (node.IsScalar()) parsed = parse_byte_size(node.Scalar());
    if (!parsed) return problem(node, path + "." + key, "expected a size such as 10MB");
    out = *parsed;
  }

  std::vector<std::string> strings(const YAML::Node& map, const std::string& path, const char* key) {
    return strings(map[key], path + "." + key);
  }
  std::vector<std::string> strings(const YAML::Node& node, const std::string& path) {
    std::vector<std::string> out;
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsSequence()) {
      problem(node, path, "expected a list of strings");
      return out;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      if (!node[i].IsScalar()) {
        problem(node[i], fmt::format("{}[{}]", path, i), "expected a string");
        continue;
      }
      out.push_back(node[i].Scalar());
    }
    return out;
  }

  std::map<std::string, std::string> labels(const YAML::Node& map, const std::string& path, const char* key) {
    std::map<std::string, std::string> out;
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsMap()) {
      problem(node, path + "." + key, "expected a map of label names to values");
      return out;
    }
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      if (!storage::is_valid_label_name(name)) {
        problem(entry.first, path + "." + key, fmt::format("\"{}\" is not a valid label name", name));
        continue;
      }
      if (!entry.second.IsScalar()) {
        problem(entry.second, path + "." + key + "." + name, "expected a string");
        continue;
      }
      out[name] = entry.second.Scalar();
    }
    return out;
  }

  std::vector<RelabelRule> relabel_rules(const YAML::Node& map, const std::string& path, const char* key) {
    std::vector<RelabelRule> out;
    const YAML::Node node = map[key];
    if (!node.IsDefined() || node.IsNull()) return out;
    if (!node.IsSequence()) {
      problem(node, path + "." + key, "expected a list of relabel rules");
      return out;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      const std::string at = fmt::format("{}.{}[{}]", path, key, i);
      const YAML::Node rule = node[i];
      if (!check_map(rule, at, {"source_labels", "separator", "target_label", "regex", "modulus", "replacement",
                                "action"})) {
        continue;
      }
      RelabelConfig config;
      config.source_labels = strings(rule, at, "source_labels");
      for (const std::string& name : config.source_labels) {
        if (!storage::is_valid_label_name(name)) problem(rule["source_labels"], at + ".source_labels", fmt::format("\"{}\" is not a valid label name", name));
      }
      string(rule, at, "separator", config.separator);
      string(rule, at, "target_label", config.target_label);
      string(rule, at, "regex", config.regex);
      string(rule, at, "replacement", config.replacement);
      count(rule, at, "modulus", config.modulus);
      std::string action = "replace";
      string(rule, at, "action", action);
      auto parsed_action = parse_relabel_action(action);
      if (!parsed_action) {
        problem(rule["action"], at + ".action", parsed_action.error().message);
        continue;
      }
      config.action = *parsed_action;
      auto compiled = RelabelRule::compile(std::move(config));
      if (!compiled) {
        problem(rule, at, compiled.error().message);
        continue;
      }
      out.push_back(std::move(*compiled));
    }
    return out;
  }

 private:
  std::string file_;
  std::string base_dir_;
  std::vector<std::pair<int, std::string>> problems_;  // line (0: none), message
};

void decode_auth(Decoder& d, const YAML::Node& node, const std::string& path, ScrapeConfig& config) {
  if (const YAML::Node basic = node["basic_auth"]; basic.IsDefined() && !basic.IsNull()) {
    if (d.check_map(basic, path + ".basic_auth", {"username", "password", "password_file"})) {
      BasicAuth auth;
      d.string(basic, path + ".basic_auth", "username", auth.username);
      d.string(basic, path + ".basic_auth", "password", auth.password);
      d.path(basic, path + ".basic_auth", "password_file", auth.password_file);
      if (!auth.password.empty() && !auth.password_file.empty()) {
        d.problem(basic, path + ".basic_auth", "at most one of password & password_file must be configured");
      }
      config.basic_auth = auth;
    }
  }
  if (const YAML::Node authorization = node["authorization"]; authorization.IsDefined() && !authorization.IsNull()) {
    if (d.check_map(authorization, path + ".authorization", {"type", "credentials", "credentials_file"})) {
      Authorization auth;
      d.string(authorization, path + ".authorization", "type", auth.type);
      d.string(authorization, path + ".authorization", "credentials", auth.credentials);
      d.path(authorization, path + ".authorization", "credentials_file", auth.credentials_file);
      if (!auth.credentials.empty() && !auth.credentials_file.empty()) {
        d.problem(authorization, path + ".authorization",
                  "at most one of authorization credentials & credentials_file must be configured");
      }
      config.authorization = auth;
    }
  }
  // The keys authorization replaced, still read as Prometheus 2 reads them.
  Authorization bearer;
  d.string(node, path, "bearer_token", bearer.credentials);
  d.path(node, path, "bearer_token_file", bearer.credentials_file);
  const bool has_bearer = !bearer.credentials.empty() || !bearer.credentials_file.empty();
  if (!bearer.credentials.empty() && !bearer.credentials_file.empty()) {
    d.problem(node, path, "at most one of bearer_token & bearer_token_file must be configured");
  }
  if (has_bearer && config.authorization) {
    d.problem(node, path, "authorization is not compatible with bearer_token & bearer_token_file");
  }
  if (has_bearer) config.authorization = bearer;
  if (config.basic_auth && config.authorization) {
    d.problem(node, path, "at most one of basic_auth, authorization, bearer_token & bearer_token_file must be configured");
  }
}

ScrapeConfig decode_one(Decoder& d, const YAML::Node& node, const std::string& path) {
  ScrapeConfig config;
  d.check_map(node, path,
              {"job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme", "params", "basic_auth",
               "authorization", "bearer_token", "bearer_token_file", "tls_config", "follow_redirects", "enable_http2",
               "honor_labels", "honor_timestamps", "sample_limit", "label_limit", "label_name_length_limit",
               "label_value_length_limit", "target_limit", "body_size_limit", "static_configs", "file_sd_configs",
               "relabel_configs", "metric_relabel_configs"},
              kUnsupportedKeys);
  if (!node.IsMap()) return config;
  d.string(node, path, "job_name", config.job_name);
  if (config.job_name.empty()) d.problem(node, path + ".job_name", "job_name is empty");
  bool interval_set = false, timeout_set = false;
  d.duration(node, path, "scrape_interval", config.scrape_interval, interval_set);
  d.duration(node, path, "scrape_timeout", config.scrape_timeout, timeout_set);
  if (config.scrape_interval.count() <= 0) d.problem(node["scrape_interval"], path + ".scrape_interval", "must be positive");
  if (timeout_set && config.scrape_timeout > config.scrape_interval) {
    d.problem(node["scrape_timeout"], path + ".scrape_timeout",
              fmt::format("scrape timeout greater than scrape interval for scrape config with job name \"{}\"",
                          config.job_name));
  }
  // The default timeout never exceeds the interval.
  if (!timeout_set) config.scrape_timeout = std::min(config.scrape_timeout, config.scrape_interval);
  d.string(node, path, "metrics_path", config.metrics_path);
  if (config.metrics_path.empty() || config.metrics_path[0] != '/') {
    d.problem(node["metrics_path"], path + ".metrics_path", "must start with \"/\"");
  }
  d.string(node, path, "scheme", config.scheme);
  if (config.scheme != "http" && config.scheme != "https") {
    d.problem(node["scheme"], path + ".scheme", fmt::format("unknown scheme \"{}\" (http or https)", config.scheme));
  }
  if (const YAML::Node params = node["params"]; params.IsDefined() && !params.IsNull()) {
    if (!params.IsMap()) {
      d.problem(params, path + ".params", "expected a map of parameter names to lists of values");
    } else {
      for (const auto& entry : params) {
        const std::string name = entry.first.Scalar();
        config.params[name] = d.strings(entry.second, path + ".params." + name);
      }
    }
  }
  decode_auth(d, node, path, config);
  if (const YAML::Node tls = node["tls_config"]; tls.IsDefined() && !tls.IsNull()) {
    const std::string at = path + ".tls_config";
    if (d.check_map(tls, at, {"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"})) {
      d.path(tls, at, "ca_file", config.tls_config.ca_file);
      d.path(tls, at, "cert_file", config.tls_config.cert_file);
      d.path(tls, at, "key_file", config.tls_config.key_file);
      d.string(tls, at, "server_name", config.tls_config.server_name);
      d.boolean(tls, at, "insecure_skip_verify", config.tls_config.insecure_skip_verify);
      if (config.tls_config.cert_file.empty() != config.tls_config.key_file.empty()) {
        d.problem(tls, at, "cert_file and key_file must be configured together");
      }
    }
  }
  d.boolean(node, path, "follow_redirects", config.follow_redirects);
  bool http2 = true;
  d.boolean(node, path, "enable_http2", http2);  // accepted; scrapes use HTTP/1.1
  d.boolean(node, path, "honor_labels", config.honor_labels);
  d.boolean(node, path, "honor_timestamps", config.honor_timestamps);
  d.count(node, path, "sample_limit", config.sample_limit);
  d.count(node, path, "label_limit", config.label_limit);
  d.count(node, path, "label_name_length_limit", config.label_name_length_limit);
  d.count(node, path, "label_value_length_limit", config.label_value_length_limit);
  d.count(node, path, "target_limit", config.target_limit);
  d.byte_size(node, path, "body_size_limit", config.body_size_limit);

  if (const YAML::Node statics = node["static_configs"]; statics.IsDefined() && !statics.IsNull()) {
    if (!statics.IsSequence()) d.problem(statics, path + ".static_configs", "expected a list");
    for (size_t i = 0; statics.IsSequence() && i < statics.size(); ++i) {
      const std::string at = fmt::format("{}.static_configs[{}]", path, i);
      if (!d.check_map(statics[i], at, {"targets", "labels"})) continue;
      StaticConfig group;
      group.targets = d.strings(statics[i], at, "targets");
      for (const std::string& target : group.targets) {
        if (target.empty() || target.find('/') != std::string::npos) {
          d.problem(statics[i]["targets"], at + ".targets", fmt::format("\"{}\" is not a valid hostname", target));
        }
      }
      group.labels = d.labels(statics[i], at, "labels");
      config.static_configs.push_back(std::move(group));
    }
  }
  if (const YAML::Node files = node["file_sd_configs"]; files.IsDefined() && !files.IsNull()) {
    if (!files.IsSequence()) d.problem(files, path + ".file_sd_configs", "expected a list");
    for (size_t i = 0; files.IsSequence() && i < files.size(); ++i) {
      const std::string at = fmt::format("{}.file_sd_configs[{}]", path, i);
      if (!d.check_map(files[i], at, {"files", "refresh_interval"})) continue;
      FileSdConfig sd;
      for (const std::string& pattern : d.strings(files[i], at, "files")) {
        const std::string ext = std::filesystem::path(pattern).extension().string();
        if (ext != ".json" && ext != ".yml" && ext != ".yaml") {
          d.problem(files[i]["files"], at + ".files",
                    fmt::format("path name \"{}\" is not valid for file discovery (.json, .yml or .yaml)", pattern));
          continue;
        }
        if (std::filesystem::path(pattern).parent_path().string().find_first_of("*?[") != std::string::npos) {
          d.problem(files[i]["files"], at + ".files",
                    fmt::format("path name \"{}\": patterns are allowed only in the last path element", pattern));
          continue;
        }
        sd.files.push_back(d.resolve(pattern));
      }
      bool set = false;
      d.duration(files[i], at, "refresh_interval", sd.refresh_interval, set);
      config.file_sd_configs.push_back(std::move(sd));
    }
  }
  config.relabel_configs = d.relabel_rules(node, path, "relabel_configs");
  config.metric_relabel_configs = d.relabel_rules(node, path, "metric_relabel_configs");
  return config;
}

}  // namespace

Result<std::vector<ScrapeConfig>> decode_scrape_configs(const YAML::Node& node, const std::string& file,
                                                        const std::string& base_dir) {
  std::vector<ScrapeConfig> configs;
  if (!node.IsDefined() || node.IsNull()) return configs;
  Decoder d(file, base_dir);
  if (!node.IsSequence()) {
    d.problem(node, "scrape_configs", "expected a list");
  } else {
    std::set<std::string> jobs;
    for (size_t i = 0; i < node.size(); ++i) {
      const std::string path = fmt::format("scrape_configs[{}]", i);
      ScrapeConfig config = decode_one(d, node[i], path);
      if (!config.job_name.empty() && !jobs.insert(config.job_name).second) {
        d.problem(node[i]["job_name"], path + ".job_name",
                  fmt::format("found multiple scrape configs with job name \"{}\"", config.job_name));
      }
      configs.push_back(std::move(config));
    }
  }
  if (!d.ok()) return std::unexpected(make_error(ErrorKind::invalid_config, d.report()));
  return configs;
}

}  // namespace vigil::ingest::scrape
