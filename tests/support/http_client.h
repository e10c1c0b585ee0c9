#pragma once
// A small blocking HTTP/1.1 client for tests, over plain TCP or TLS (no
// certificate verification) to 127.0.0.1.

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace vigil::testing {

struct HttpResult {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lowercased
  std::string body;

  std::string header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpCall {
  std::string method = "GET";
  std::string target = "/";
  std::map<std::string, std::string> headers;
  std::string body;
  bool tls = false;
};

// std::nullopt when the connection failed or the response could not be read.
std::optional<HttpResult> http_request(int port, const HttpCall& call);

// POSTs a snappy-compressed remote write 1.0 body to /api/v1/write with the
// headers Prometheus sends.
std::optional<HttpResult> post_remote_write(int port, std::string body);
std::optional<HttpResult> http_get(int port, const std::string& target,
                                   std::map<std::string, std::string> headers = {});
std::optional<HttpResult> https_get(int port, const std::string& target);
// POSTs `body` as application/json.
std::optional<HttpResult> post_json(int port, const std::string& target, const std::string& body);

// Polls GET /-/ready on 127.0.0.1:port until it answers 200 (true) or
// `timeout` passes (false): for peers started in the background.
bool wait_http_ready(int port, std::chrono::seconds timeout = std::chrono::seconds(30));

// Sends raw bytes and returns everything the server sends until it closes the
// connection or `timeout` passes.
std::string raw_exchange(int port, const std::string& bytes,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace vigil::testing
