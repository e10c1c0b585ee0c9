#pragma once
// The routing table: method + path pattern -> handler. Patterns are literal
// segments and ":name" parameters ("/api/v1/label/:name/values"); a pattern
// ending in "/*name" captures the rest of the path.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/types.h"

namespace vigil::api {

using Handler = std::function<HttpResponse(RequestContext&)>;

struct Route {
  std::vector<http::verb> methods;
  std::string pattern;  // also the `handler` label of the HTTP metrics
  Handler handler;
  // Run on a thread of its own (LongRequestThreads), not a server thread.
  bool runs_long = false;
};

class Router {
 public:
  // GET routes answer HEAD too, with the body dropped by the server.
  void add(std::vector<http::verb> methods, std::string pattern, Handler handler);
  // A route whose handler may block for long (a query waiting for a slot and
  // evaluating): the server runs it on a thread of its own.
  void add_long_running(std::vector<http::verb> methods, std::string pattern, Handler handler);

  struct Match {
    enum class Kind { found, not_found, method_not_allowed } kind = Kind::not_found;
    const Route* route = nullptr;  // also set for method_not_allowed: the first route of that path
    std::map<std::string, std::string> params;
    std::string allowed;  // "GET, HEAD, POST" for method_not_allowed
  };
  Match match(http::verb method, std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace vigil::api
