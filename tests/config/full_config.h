#pragma once
// A configuration file that sets every key to a value other than its default.

#include <string_view>

namespace vigil::config::test_support {

// A bcrypt hash of "secret" at cost 10.
inline constexpr std::string_view kBcryptHash = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

// Every key but the secrets (bearer_tokens, basic_auth_users), so that the
// printed form loads back to the same configuration.
inline constexpr std::string_view kFullConfigWithoutSecrets = R"(profile: development
server:
  listen: 0.0.0.0:9500
  threads: 8
  read_timeout: 1m
  write_timeout: 2m
  idle_timeout: 5m
  shutdown_timeout: 20s
  gzip: false
  admin_api: true
  auth:
    bearer_token_file: /etc/vigil/token
    unauthenticated_paths: [/-/healthy]
  tls:
    cert_file: /etc/vigil/tls.crt
    key_file: /etc/vigil/tls.key
    client_ca_file: /etc/vigil/ca.crt
    min_version: TLS13
  limits:
    max_request_body_bytes: 64MB
    max_header_bytes: 32KiB
    max_connections: 500
  log:
    level: error
    redact_keys: [session_id, api_key]
    redact_patterns: ['sk-[A-Za-z0-9]{20,}']
storage:
  path: /var/lib/vigil
  retention:
    time: 30d
    size: 100GB
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['localhost:9100']
rule_files: [rules/*.yml, alerts.yml]
alerting:
  route:
    receiver: team
  receivers:
    - name: team
otlp:
  enabled: false
  http_enabled: false
  http_listen: 127.0.0.1:14318
  grpc_enabled: false
  grpc_listen: "[::1]:14317"
  max_request_bytes: 16MiB
  promote_scope_metadata: true
  delta:
    max_streams: 5000
    idle_timeout: 1h
slos:
  - name: availability
anomaly:
  enabled: true
health:
  checks: []
)";

}  // namespace vigil::config::test_support
