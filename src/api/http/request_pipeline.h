#pragma once
// Everything that happens to a parsed request, independent of the transport:
// correlation id, authentication, routing, parameters, the handler, gzip,
// metrics and the access log. The session only moves bytes.

#include <atomic>
#include <functional>
#include <string_view>

#include "api/http/authenticator.h"
#include "api/http/http_metrics.h"
#include "api/http/router.h"
#include "api/http/types.h"
#include "vigil/log/logger.h"

namespace vigil::api {

class RequestPipeline {
 public:
  RequestPipeline(const Router& router, Authenticator authenticator, HttpMetrics& metrics, log::Logger logger,
                  bool gzip);

  // Never throws: a handler's exception becomes a 500. `client_gone` becomes
  // RequestContext::client_gone.
  HttpResponse handle(const HttpRequest& request, std::string_view remote_address,
                      std::function<bool()> client_gone = {}) noexcept;

  // Whether the request goes to a long-running route (Router::add_long_running),
  // which the session hands to a thread of its own.
  bool runs_long(const HttpRequest& request) const noexcept;

  // A response for a request the session could not parse; counted and logged.
  HttpResponse malformed(http::status status, std::string_view message, std::string_view remote_address) noexcept;

 private:
  HttpResponse dispatch(const HttpRequest& request, RequestContext& context, std::string& handler_label);
  void finish(const HttpRequest& request, HttpResponse& response) const;

  const Router& router_;
  Authenticator authenticator_;
  HttpMetrics& metrics_;
  log::Logger logger_;
  bool gzip_;
};

}  // namespace vigil::api
