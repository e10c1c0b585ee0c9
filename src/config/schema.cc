#include "config/schema.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <type_traits>
#include <utility>

#include "config/value_codecs.h"

namespace vigil::config {
namespace {

// A scalar key filled through `access`, a generic lambda returning the field
// for both a Config and a const Config.
template <class Access, class Codec>
Leaf scalar(std::string_view path, Access access, Codec codec) {
  using Field = std::remove_cvref_t<decltype(access(std::declval<Config&>()))>;
  ScalarLeaf leaf;
  leaf.expected = codec.expected();
  leaf.parse_into = [access, codec](Config& config, std::string_view text) -> std::optional<std::string> {
    auto value = codec.parse(text);
    if (!value) return value.error();
    if constexpr (std::is_integral_v<Field> && !std::is_same_v<Field, bool>) {
      if (!std::in_range<Field>(*value)) {
        return "must be at most " + std::to_string(std::numeric_limits<Field>::max());
      }
      access(config) = static_cast<Field>(*value);
    } else {
      access(config) = *value;
    }
    return std::nullopt;
  };
  leaf.format = [access, codec](const Config& config) { return codec.format(access(config)); };
  return Leaf{path, false, std::move(leaf)};
}

template <class Access>
Leaf string_list(std::string_view path, Access access, ItemProblem (*check_item)(std::string_view),
                 bool secret = false) {
  ListLeaf list;
  list.check_item = check_item;
  list.field = [access](Config& config) -> std::vector<std::string>& { return access(config); };
  list.read = [access](const Config& config) -> const std::vector<std::string>& { return access(config); };
  return Leaf{path, secret, std::move(list)};
}

template <class Access>
Leaf string_map(std::string_view path, Access access, ItemProblem (*check_entry)(std::string_view, std::string_view),
                bool secret = false) {
  MapLeaf map;
  map.check_entry = check_entry;
  map.field = [access](Config& config) -> std::map<std::string, std::string>& { return access(config); };
  map.read = [access](const Config& config) -> const std::map<std::string, std::string>& { return access(config); };
  return Leaf{path, secret, std::move(map)};
}

// A top-level section kept as YAML in its own Config field.
template <class Access>
RawSection raw(std::string_view path, Access access, NodeShape shape) {
  return RawSection{path, shape, [access](Config& c, const YAML::Node& node) { access(c).reset(node); },
                    [access](const Config& c) -> std::optional<YAML::Node> { return access(c); }};
}

// A top-level key of Alertmanager's configuration written under `alerting`.
RawSection alertmanager(std::string_view path, NodeShape shape) {
  const std::string key(path.substr(path.find('.') + 1));
  return RawSection{path, shape, [key](Config& c, const YAML::Node& node) { c.alerting.inline_config[key] = node; },
                    [key](const Config& c) -> std::optional<YAML::Node> {
                      for (const auto& entry : c.alerting.inline_config) {
                        if (entry.first.Scalar() == key) return entry.second;
                      }
                      return std::nullopt;
                    }};
}

std::vector<std::string_view> all_paths() {
  std::vector<std::string_view> paths;
  for (const auto& leaf : leaves()) paths.push_back(leaf.path);
  for (const auto& section : raw_sections()) paths.push_back(section.path);
  return paths;
}

constexpr uint64_t kKiB = 1024;

}  // namespace

// The path string and the field it names come from one token, so they cannot
// drift apart: VIGIL_FIELD(server.listen) is "server.listen" and c.server.listen.
#define VIGIL_FIELD(member) #member, [](auto& config) -> decltype(auto) { return (config.member); }

const std::vector<Leaf>& leaves() {
  static const std::vector<Leaf> table = {
      scalar(VIGIL_FIELD(server.listen), ListenAddressCodec{}),
      scalar(VIGIL_FIELD(server.threads), UintCodec{.min = 0, .max = 1024}),
      scalar(VIGIL_FIELD(server.read_timeout), DurationCodec{}),
      scalar(VIGIL_FIELD(server.write_timeout), DurationCodec{}),
      scalar(VIGIL_FIELD(server.idle_timeout), DurationCodec{}),
      scalar(VIGIL_FIELD(server.shutdown_timeout), DurationCodec{}),
      scalar(VIGIL_FIELD(server.gzip), BoolCodec{}),
      scalar(VIGIL_FIELD(server.admin_api), BoolCodec{}),
      string_list(VIGIL_FIELD(server.auth.bearer_tokens), check_bearer_token, /*secret=*/true),
      scalar(VIGIL_FIELD(server.auth.bearer_token_file), StringCodec{}),
      string_map(VIGIL_FIELD(server.auth.basic_auth_users), check_basic_auth_user, /*secret=*/true),
      string_list(VIGIL_FIELD(server.auth.unauthenticated_paths), check_url_path),
      scalar(VIGIL_FIELD(server.tls.cert_file), StringCodec{}),
      scalar(VIGIL_FIELD(server.tls.key_file), StringCodec{}),
      scalar(VIGIL_FIELD(server.tls.client_ca_file), StringCodec{}),
      scalar(VIGIL_FIELD(server.tls.min_version), EnumCodec{{"TLS12", "TLS13"}}),
      scalar(VIGIL_FIELD(server.limits.max_request_body_bytes), ByteSizeCodec{.min = kKiB}),
      scalar(VIGIL_FIELD(server.limits.max_header_bytes), ByteSizeCodec{.min = kKiB, .max = kKiB * kKiB}),
      scalar(VIGIL_FIELD(server.limits.max_connections), UintCodec{.min = 1}),
      scalar(VIGIL_FIELD(server.log.level), EnumCodec{{"debug", "info", "warn", "error"}}),
      string_list(VIGIL_FIELD(server.log.redact_keys), check_not_empty),
      string_list(VIGIL_FIELD(server.log.redact_patterns), check_regex),
      scalar(VIGIL_FIELD(storage.path), StringCodec{.required = true}),
      scalar(VIGIL_FIELD(storage.retention.time), DurationCodec{.allow_zero = true}),
      scalar(VIGIL_FIELD(storage.retention.size), ByteSizeCodec{}),
      scalar(VIGIL_FIELD(storage.wal.fsync), EnumCodec{{"always", "interval", "never"}}),
      scalar(VIGIL_FIELD(storage.wal.fsync_interval), DurationCodec{}),
      scalar(VIGIL_FIELD(storage.wal.segment_size), ByteSizeCodec{.min = 64 * kKiB, .max = 4 * kKiB * kKiB * kKiB}),
      scalar(VIGIL_FIELD(storage.out_of_order_window), DurationCodec{.allow_zero = true}),
      scalar(VIGIL_FIELD(storage.block_duration), DurationCodec{}),
      scalar(VIGIL_FIELD(storage.limits.max_series), UintCodec{}),
      scalar(VIGIL_FIELD(storage.limits.max_series_per_metric), UintCodec{}),
      scalar(VIGIL_FIELD(storage.limits.max_labels_per_series), UintCodec{.min = 1, .max = 1024}),
      scalar(VIGIL_FIELD(storage.limits.max_label_name_length), UintCodec{.min = 1, .max = 65536}),
      scalar(VIGIL_FIELD(storage.limits.max_label_value_length), UintCodec{.min = 1, .max = 1 << 20}),
      scalar(VIGIL_FIELD(query.timeout), DurationCodec{}),
      scalar(VIGIL_FIELD(query.max_concurrency), UintCodec{.min = 1, .max = 10'000}),
      scalar(VIGIL_FIELD(query.max_samples), UintCodec{.min = 1}),
      scalar(VIGIL_FIELD(query.lookback_delta), DurationCodec{}),
      string_list(VIGIL_FIELD(rule_files), check_not_empty),
      scalar(VIGIL_FIELD(rules.evaluation_interval), DurationCodec{}),
      scalar(VIGIL_FIELD(rules.query_offset), DurationCodec{.allow_zero = true}),
      scalar(VIGIL_FIELD(rules.resend_delay), DurationCodec{}),
      scalar(VIGIL_FIELD(rules.for_outage_tolerance), DurationCodec{}),
      scalar(VIGIL_FIELD(rules.for_grace_period), DurationCodec{.allow_zero = true}),
      string_map(VIGIL_FIELD(rules.external_labels), check_label_name_and_value),
      scalar(VIGIL_FIELD(rules.external_url), StringCodec{}),
      scalar(VIGIL_FIELD(alerting.config_file), StringCodec{}),
      scalar(VIGIL_FIELD(otlp.enabled), BoolCodec{}),
      scalar(VIGIL_FIELD(otlp.http_enabled), BoolCodec{}),
      scalar(VIGIL_FIELD(otlp.http_listen), ListenAddressCodec{}),
      scalar(VIGIL_FIELD(otlp.grpc_enabled), BoolCodec{}),
      scalar(VIGIL_FIELD(otlp.grpc_listen), ListenAddressCodec{}),
      scalar(VIGIL_FIELD(otlp.max_request_bytes), ByteSizeCodec{.min = kKiB, .max = kKiB * kKiB * kKiB}),
      scalar(VIGIL_FIELD(otlp.promote_scope_metadata), BoolCodec{}),
      scalar(VIGIL_FIELD(otlp.delta.max_streams), UintCodec{.min = 1}),
      scalar(VIGIL_FIELD(otlp.delta.idle_timeout), DurationCodec{}),
  };
  return table;
}

const std::vector<RawSection>& raw_sections() {
  static const std::vector<RawSection> table = {
      raw(VIGIL_FIELD(scrape_configs), NodeShape::sequence),
      raw(VIGIL_FIELD(slos), NodeShape::sequence),
      raw(VIGIL_FIELD(anomaly), NodeShape::map),
      raw(VIGIL_FIELD(health), NodeShape::map),
      // Alertmanager's top-level keys, as in its alertmanager.yml.
      alertmanager("alerting.global", NodeShape::map),
      alertmanager("alerting.route", NodeShape::map),
      alertmanager("alerting.receivers", NodeShape::sequence),
      alertmanager("alerting.inhibit_rules", NodeShape::sequence),
      alertmanager("alerting.mute_time_intervals", NodeShape::sequence),
      alertmanager("alerting.time_intervals", NodeShape::sequence),
      alertmanager("alerting.templates", NodeShape::sequence),
  };
  return table;
}

#undef VIGIL_FIELD

const std::vector<std::string_view>& top_level_sections() {
  static const std::vector<std::string_view> sections = {
      "server", "storage", "query", "scrape_configs", "rule_files", "rules", "alerting", "otlp", "slos", "anomaly", "health"};
  return sections;
}

const Leaf* find_leaf(std::string_view path) {
  for (const auto& leaf : leaves()) {
    if (leaf.path == path) return &leaf;
  }
  return nullptr;
}

const RawSection* find_raw_section(std::string_view path) {
  for (const auto& section : raw_sections()) {
    if (section.path == path) return &section;
  }
  return nullptr;
}

std::vector<std::string_view> child_names(std::string_view prefix) {
  if (prefix.empty()) return top_level_sections();
  std::vector<std::string_view> names;
  for (auto path : all_paths()) {
    if (!under(path, prefix)) continue;
    auto rest = path.substr(prefix.size() + 1);
    auto name = rest.substr(0, rest.find('.'));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

bool under(std::string_view path, std::string_view prefix) {
  return path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '.';
}

bool is_branch(std::string_view path) {
  for (auto p : all_paths()) {
    if (under(p, path)) return true;
  }
  return false;
}

std::string env_name(std::string_view path) {
  std::string name = "VIGIL_";
  for (char c : path) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string join_path(std::string_view prefix, std::string_view name) {
  std::string path(prefix);
  if (!path.empty()) path += '.';
  path += name;
  return path;
}

}  // namespace vigil::config
