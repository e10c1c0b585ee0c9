#pragma once
// The readers of the sections of an Alertmanager configuration, shared by
// config.cc (global, route, inhibition, time intervals) and receivers.cc.

#include <optional>

#include "alerting/config.h"
#include "alerting/yaml_reader.h"

namespace vigil::alerting {

// `http_config`, or nullopt when absent or unusable (problems reported).
std::optional<HttpConfig> read_http_config(YamlReader& in, const YAML::Node& node);

// `tls_config` of an HTTP client or an email receiver.
void read_tls_config(YamlReader& in, const YAML::Node& node, TlsConfig& tls);

// One entry of `receivers`, global defaults applied.
Receiver read_receiver(YamlReader& in, const YAML::Node& node, const GlobalConfig& global);

// An http(s) URL with a host, as Alertmanager's URL type checks it.
bool check_url(YamlReader& in, const YAML::Node& at, const std::string& url);

// host:port as Go's net.SplitHostPort accepts it (SMTP smarthosts).
bool check_host_port(YamlReader& in, const YAML::Node& at, const std::string& address);

// One entry of `time_intervals` or `mute_time_intervals`.
std::optional<NamedTimeInterval> read_named_time_interval(YamlReader& in, const YAML::Node& node,
                                                          std::string_view type);

}  // namespace vigil::alerting
