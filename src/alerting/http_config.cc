// Prometheus common's HTTP client configuration, URL and address checks,
// with their wording; the parts Vigil does not implement are refused by name.

#include <algorithm>
#include <cctype>

#include "alerting/config_sections.h"
#include "core/go_text.h"

namespace vigil::alerting {
void read_tls_config(YamlReader& in, const YAML::Node& node, TlsConfig& tls) {
  if (!in.map(node, "config.TLSConfig")) return;
  in.check_keys(
      node,
      {"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify", "min_version", "ca", "cert", "key"},
      "config.plain");
  for (const char* inline_key : {"ca", "cert", "key"})
    if (node[inline_key])
      in.problem(node[inline_key],
                 std::string("tls_config.") + inline_key + " is not supported by Vigil; use " + inline_key + "_file");
  in.read(node, "ca_file", tls.ca_file);
  in.read(node, "cert_file", tls.cert_file);
  in.read(node, "key_file", tls.key_file);
  in.read(node, "server_name", tls.server_name);
  in.read(node, "insecure_skip_verify", tls.insecure_skip_verify);
  if (in.read(node, "min_version", tls.min_version)) {
    static constexpr std::string_view kVersions[] = {"TLS10", "TLS11", "TLS12", "TLS13"};
    if (std::find(std::begin(kVersions), std::end(kVersions), tls.min_version) == std::end(kVersions))
      in.problem(node["min_version"], "unknown TLS version: " + tls.min_version);
  }
  if (tls.cert_file.empty() != tls.key_file.empty())
    in.problem(node, tls.cert_file.empty()
                         ? "client key file \"" + tls.key_file + "\" specified without client cert file"
                         : "client cert file \"" + tls.cert_file + "\" specified without client key file");
}

bool check_url(YamlReader& in, const YAML::Node& at, const std::string& url) {
  // url.Parse's scheme: letters, digits, + - . after a leading letter, up to ':'.
  std::string scheme;
  const size_t colon = url.find(':');
  if (colon != std::string::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(url[0]))) {
    const std::string candidate = url.substr(0, colon);
    if (std::all_of(candidate.begin(), candidate.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
        })) {
      scheme = candidate;
      std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](char c) { return std::tolower(c); });
    }
  }
  if (scheme != "http" && scheme != "https") {
    in.problem(at, "unsupported scheme \"" + scheme + "\" for URL");
    return false;
  }
  std::string host;
  if (url.compare(colon + 1, 2, "//") == 0) {
    host = url.substr(colon + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    if (const size_t at_sign = host.rfind('@'); at_sign != std::string::npos) host = host.substr(at_sign + 1);
  }
  if (host.empty()) {
    in.problem(at, "missing host for URL");
    return false;
  }
  return true;
}

// host:port as net.SplitHostPort accepts it.
bool check_host_port(YamlReader& in, const YAML::Node& at, const std::string& address) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    in.problem(at, "address " + address + ": missing port in address");
    return false;
  }
  const std::string host = address.substr(0, colon);
  if (host.find(':') != std::string::npos && !(host.starts_with('[') && host.ends_with(']'))) {
    in.problem(at, "address " + address + ": too many colons in address");
    return false;
  }
  if (colon + 1 == address.size()) {
    in.problem(at, "address " + quote_go_string(address) + ": port cannot be empty");
    return false;
  }
  return true;
}

std::optional<HttpConfig> read_http_config(YamlReader& in, const YAML::Node& node) {
  if (!in.map(node, "config.HTTPClientConfig")) return std::nullopt;
  in.check_keys(
      node, {"basic_auth", "authorization", "bearer_token", "bearer_token_file", "oauth2", "tls_config", "proxy_url",
             "follow_redirects", "enable_http2", "no_proxy", "proxy_from_environment", "proxy_connect_header"});
  HttpConfig http;
  for (const char* unsupported : {"oauth2", "no_proxy", "proxy_from_environment", "proxy_connect_header"})
    if (node[unsupported])
      in.problem(node[unsupported], std::string("http_config.") + unsupported + " is not supported by Vigil");
  const YAML::Node basic = node["basic_auth"];
  if (in.map(basic, "config.BasicAuth")) {
    in.check_keys(basic, {"username", "password", "password_file", "username_file"});
    if (basic["username_file"])
      in.problem(basic["username_file"], "basic_auth.username_file is not supported by Vigil");
    HttpConfig::BasicAuth auth;
    in.read(basic, "username", auth.username);
    in.read(basic, "password", auth.password);
    in.read(basic, "password_file", auth.password_file);
    if (!auth.password.empty() && !auth.password_file.empty())
      in.problem(basic, "at most one of basic_auth password & password_file must be configured");
    http.basic_auth = auth;
  }
  std::string bearer_token, bearer_token_file;
  in.read(node, "bearer_token", bearer_token);
  in.read(node, "bearer_token_file", bearer_token_file);
  const bool has_bearer = !bearer_token.empty() || !bearer_token_file.empty();
  if (http.basic_auth && has_bearer)
    in.problem(node, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
  if (!bearer_token.empty() && !bearer_token_file.empty())
    in.problem(node, "at most one of bearer_token & bearer_token_file must be configured");
  const YAML::Node authorization = node["authorization"];
  if (in.map(authorization, "config.Authorization")) {
    in.check_keys(authorization, {"type", "credentials", "credentials_file"});
    HttpConfig::Authorization auth;
    in.read(authorization, "type", auth.type);
    in.read(authorization, "credentials", auth.credentials);
    in.read(authorization, "credentials_file", auth.credentials_file);
    if (auth.type.empty()) auth.type = "Bearer";
    if (has_bearer) in.problem(authorization, "authorization is not compatible with bearer_token & bearer_token_file");
    if (!auth.credentials.empty() && !auth.credentials_file.empty())
      in.problem(authorization, "at most one of authorization credentials & credentials_file must be configured");
    std::string lower = auth.type;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return std::tolower(c); });
    if (lower == "basic")
      in.problem(authorization, R"(authorization type cannot be set to "basic", use "basic_auth" instead)");
    if (http.basic_auth)
      in.problem(authorization, "at most one of basic_auth, oauth2 & authorization must be configured");
    http.authorization = auth;
  } else if (has_bearer) {
    http.authorization = HttpConfig::Authorization{"Bearer", bearer_token, bearer_token_file};
  }
  read_tls_config(in, node["tls_config"], http.tls_config);
  if (in.read(node, "proxy_url", http.proxy_url)) check_url(in, node["proxy_url"], http.proxy_url);
  in.read(node, "follow_redirects", http.follow_redirects);
  in.read(node, "enable_http2", http.enable_http2);
  return http;
}

}  // namespace vigil::alerting
