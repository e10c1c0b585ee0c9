#pragma once
// Writes an HTTP/1.1 response: status line, headers, Content-Length and,
// unless the answer is to HEAD, the body.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::exporter {

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string body;
};

// Appends the response to `out`. `keep_alive` false adds "Connection: close";
// `head_only` keeps Content-Length but leaves the body out.
void append_response(std::string& out, const HttpResponse& response, bool keep_alive, bool head_only);

}  // namespace vigil::exporter
