#pragma once
// The request and response types every handler sees.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::api {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct RequestContext {
  const HttpRequest& request;
  std::string path;                               // percent-decoded path, no query
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> path_params; // ":name" segments of the route
  std::string correlation_id;
  std::string remote_address;
  // True once the client has closed its side of the connection; empty where
  // the transport cannot tell. Long handlers use it to stop early.
  std::function<bool()> client_gone;
};

// The first value of a parameter, or nullopt: Go's Request.FormValue, which
// Prometheus's handlers use (body values win over query-string ones).
inline std::optional<std::string> form_value(const RequestContext& context, const std::string& name) {
  auto it = context.query.find(name);
  if (it == context.query.end()) return std::nullopt;
  return it->second;
}

}  // namespace vigil::api
