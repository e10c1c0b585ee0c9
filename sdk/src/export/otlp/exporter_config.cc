#include "export/otlp/exporter_config.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "ascii.h"

namespace vigil::exporter::otlp {
namespace {

constexpr std::string_view kDefaultEndpoint = "http://localhost:4318/v1/metrics";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%XX" decoded; a "%" not followed by two hex digits is kept as it is.
std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int high = hex_digit(s[i + 1]);
      const int low = hex_digit(s[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

void check_endpoint(const std::string& endpoint, std::string_view source) {
  if (!endpoint.starts_with("http://") && !endpoint.starts_with("https://")) {
    throw std::invalid_argument("OTLP exporter: " + std::string(source) + " \"" + endpoint +
                                "\" is not an http:// or https:// URL");
  }
}

std::string endpoint_of(const OtlpExporterOptions& options, const Environment& environment) {
  if (!options.endpoint.empty()) {
    check_endpoint(options.endpoint, "endpoint");
    return options.endpoint;
  }
  if (auto metrics = environment("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")) {
    check_endpoint(*metrics, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
    return *metrics;
  }
  if (auto base = environment("OTEL_EXPORTER_OTLP_ENDPOINT")) {
    check_endpoint(*base, "OTEL_EXPORTER_OTLP_ENDPOINT");
    std::string endpoint = *base;
    if (!endpoint.ends_with('/')) endpoint += '/';
    return endpoint + "v1/metrics";
  }
  return std::string(kDefaultEndpoint);
}

// A name that is not an HTTP token or a value with a control character
// (a decoded "%0D%0A" above all) would let configuration inject lines into
// the request.
void check_header(const std::string& name, const std::string& value, std::string_view source) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), ascii::is_token_char)) {
    throw std::invalid_argument("OTLP exporter: header name \"" + name + "\" from " + std::string(source) +
                                " is not an HTTP token");
  }
  if (std::any_of(value.begin(), value.end(), [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; })) {
    throw std::invalid_argument("OTLP exporter: the value of header \"" + name + "\" from " + std::string(source) +
                                " has a control character");
  }
}

}  // namespace

Environment process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

std::map<std::string, std::string> parse_key_values(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    const size_t comma = std::min(text.find(','), text.size());
    const std::string_view member = text.substr(0, comma);
    text.remove_prefix(std::min(comma + 1, text.size()));
    const size_t equals = member.find('=');
    if (equals == std::string_view::npos) continue;
    std::string key = percent_decoded(ascii::trim_ows(member.substr(0, equals)));
    if (key.empty()) continue;
    out[std::move(key)] = percent_decoded(ascii::trim_ows(member.substr(equals + 1)));
  }
  return out;
}

ExporterConfig resolve_config(const OtlpExporterOptions& options, const Environment& environment) {
  ExporterConfig config;
  config.endpoint = endpoint_of(options, environment);

  const char* headers_variable = "OTEL_EXPORTER_OTLP_METRICS_HEADERS";
  auto headers = environment(headers_variable);
  if (!headers) headers = environment(headers_variable = "OTEL_EXPORTER_OTLP_HEADERS");
  if (headers) config.headers = parse_key_values(*headers);
  for (const auto& [key, value] : config.headers) check_header(key, value, headers_variable);
  for (const auto& [key, value] : options.headers) {
    check_header(key, value, "the options");
    config.headers[key] = value;
  }

  if (auto attributes = environment("OTEL_RESOURCE_ATTRIBUTES")) config.resource = parse_key_values(*attributes);
  if (auto service = environment("OTEL_SERVICE_NAME")) config.resource["service.name"] = *service;
  config.resource.try_emplace("service.name", "unknown_service");
  for (const auto& [key, value] : options.resource_attributes) config.resource[key] = value;
  return config;
}

}  // namespace vigil::exporter::otlp
