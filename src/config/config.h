#pragma once
// The effective configuration of a Vigil server: built-in defaults, then the
// profile's defaults, then the YAML file, then VIGIL_<SECTION>_<KEY>
// environment overrides, then command-line flags. See docs/configuration.md.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/duration.h"

namespace vigil::config {

enum class Profile { development, production, testing };

struct AuthConfig {
  // Any of these tokens is accepted in "Authorization: Bearer <token>".
  std::vector<std::string> bearer_tokens;
  // A file whose content (trimmed) is one more accepted token.
  std::string bearer_token_file;
  // username -> bcrypt hash ($2a$/$2b$/$2y$), as in Prometheus's web config.
  std::map<std::string, std::string> basic_auth_users;
  // Paths answered without credentials (exact match).
  std::vector<std::string> unauthenticated_paths{"/-/healthy", "/-/ready"};

  bool enabled() const { return !bearer_tokens.empty() || !bearer_token_file.empty() || !basic_auth_users.empty(); }
};

struct TlsConfig {
  std::string cert_file;       // PEM certificate chain
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // when set, clients must present a certificate signed by it
  std::string min_version = "TLS12";  // TLS12 or TLS13

  bool enabled() const { return !cert_file.empty(); }
};

struct LimitsConfig {
  uint64_t max_request_body_bytes = 32ULL << 20;
  uint64_t max_header_bytes = 16ULL << 10;
  uint32_t max_connections = 1024;
};

struct LogConfig {
  std::string level = "info";                 // debug, info, warn, error
  std::vector<std::string> redact_keys;       // extra secret key names
  std::vector<std::string> redact_patterns;   // extra regular expressions (ECMAScript)
};

struct ServerConfig {
  std::string listen = "127.0.0.1:9400";
  uint32_t threads = 0;                       // 0: one per core
  Duration read_timeout = std::chrono::seconds(30);    // whole request, headers and body
  Duration write_timeout = std::chrono::seconds(60);   // whole response
  Duration idle_timeout = std::chrono::seconds(120);   // keep-alive wait for the next request
  Duration shutdown_timeout = std::chrono::seconds(30);  // in-flight requests get this long
  bool gzip = true;                           // compress responses when the client accepts gzip
  bool admin_api = false;                     // /api/v1/admin/* (used by the storage engine)
  AuthConfig auth;
  TlsConfig tls;
  LimitsConfig limits;
  LogConfig log;
};

struct RetentionConfig {
  Duration time = std::chrono::hours(24 * 15);  // 0: no limit by time
  uint64_t size = 0;                            // bytes; 0: no limit by size
};

struct WalConfig {
  std::string fsync = "interval";                     // always, interval, never
  Duration fsync_interval = std::chrono::seconds(1);  // with fsync: interval
  uint64_t segment_size = 128ULL << 20;               // bytes per WAL segment file
};

struct StorageLimitsConfig {
  uint64_t max_series = 0;                  // active series in the head; 0: no limit
  uint64_t max_series_per_metric = 0;       // active series of one metric name; 0: no limit
  uint64_t max_labels_per_series = 64;      // __name__ counts
  uint64_t max_label_name_length = 256;     // bytes
  uint64_t max_label_value_length = 4096;   // bytes
};

struct StorageConfig {
  std::string path = "./data";
  RetentionConfig retention;
  WalConfig wal;
  Duration out_of_order_window = std::chrono::minutes(10);  // pushed samples this far behind a series' newest
  Duration block_duration = std::chrono::hours(2);          // span of a block cut from the head
  StorageLimitsConfig limits;
};

struct OtlpDeltaConfig {
  uint64_t max_streams = 100'000;                    // delta streams converted to cumulative at once
  Duration idle_timeout = std::chrono::minutes(30);  // a stream not updated this long is forgotten
};

struct OtlpConfig {
  bool enabled = true;                   // OTLP metrics on every listener below and on server.listen
  bool http_enabled = true;              // the dedicated OTLP/HTTP listener
  std::string http_listen = "127.0.0.1:4318";
  bool grpc_enabled = true;              // the OTLP/gRPC listener
  std::string grpc_listen = "127.0.0.1:4317";
  uint64_t max_request_bytes = 32ULL << 20;  // a request's message after decompression
  bool promote_scope_metadata = false;   // otel_scope_* labels, as Prometheus's option of that name
  OtlpDeltaConfig delta;
};

// PromQL queries through the HTTP API (Prometheus's --query.* flags).
struct QueryConfig {
  Duration timeout = std::chrono::minutes(2);          // a query's whole time, queueing included
  uint32_t max_concurrency = 20;                       // queries running at once; more wait in line
  uint64_t max_samples = 50'000'000;                   // samples one query may hold in memory at once
  Duration lookback_delta = std::chrono::minutes(5);   // how far back an instant selector looks
};

// Rule evaluation (Prometheus's global.evaluation_interval,
// global.rule_query_offset, global.external_labels and --rules.alert.*).
struct RulesConfig {
  Duration evaluation_interval = std::chrono::minutes(1);  // groups without their own interval
  Duration query_offset{0};                                 // groups without their own query_offset
  Duration resend_delay = std::chrono::minutes(1);          // least time between sends of a firing alert
  Duration for_outage_tolerance = std::chrono::hours(1);    // `for` state is restored after downtimes up to this
  Duration for_grace_period = std::chrono::minutes(10);     // least pending time after a restore
  std::map<std::string, std::string> external_labels;       // added to alerts sent out; $externalLabels
  std::string external_url;                                 // $externalURL; base of alerts' generator URLs
};

struct AlertingConfig {
  std::string config_file;  // an Alertmanager configuration file, or
  YAML::Node inline_config; // Alertmanager's configuration written inline (route, receivers, ...)
};

struct Config {
  Profile profile = Profile::production;
  std::string source;  // the file it was read from, empty when none
  ServerConfig server;
  StorageConfig storage;
  QueryConfig query;
  // The sections below are kept as validated YAML of the right shape; the
  // issues that implement them decode them into typed structures.
  YAML::Node scrape_configs;  // sequence, Prometheus's scrape_configs shape
  std::vector<std::string> rule_files;
  RulesConfig rules;
  AlertingConfig alerting;
  OtlpConfig otlp;
  YAML::Node slos;            // sequence
  YAML::Node anomaly;         // map
  YAML::Node health;          // map
};

}  // namespace vigil::config
