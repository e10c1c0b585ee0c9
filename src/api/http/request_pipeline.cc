#include "api/http/request_pipeline.h"

#include <chrono>
#include <exception>

#include "api/http/gzip.h"
#include "core/gzip.h"
#include "api/http/request_id.h"
#include "api/http/responses.h"
#include "api/http/url.h"
#include "vigil/log/correlation.h"

namespace vigil::api {
namespace {

// Below this size gzip saves too little to pay for the CPU it costs.
constexpr size_t kMinGzipBytes = 1024;

std::string_view header_value(const HttpRequest& request, http::field field) {
  auto it = request.find(field);
  return it == request.end() ? std::string_view() : std::string_view(it->value().data(), it->value().size());
}

bool is_form_body(const HttpRequest& request) {
  return header_value(request, http::field::content_type).starts_with("application/x-www-form-urlencoded");
}

}  // namespace

RequestPipeline::RequestPipeline(const Router& router, Authenticator authenticator, HttpMetrics& metrics,
                                 log::Logger logger, bool gzip)
    : router_(router),
      authenticator_(std::move(authenticator)),
      metrics_(metrics),
      logger_(std::move(logger)),
      gzip_(gzip) {}

HttpResponse RequestPipeline::handle(const HttpRequest& request, std::string_view remote_address,
                                     std::function<bool()> client_gone) noexcept {
  auto start = std::chrono::steady_clock::now();
  std::string correlation_id = correlation_id_for(request);
  log::CorrelationScope scope(correlation_id);
  metrics_.in_flight.inc();

  std::string handler_label = "other";
  RequestContext context{request, {}, {}, {}, correlation_id, std::string(remote_address), std::move(client_gone)};
  HttpResponse response;
  try {
    response = dispatch(request, context, handler_label);
  } catch (const std::exception& e) {
    logger_.error("handler failed", {{"handler", handler_label}, {"error", e.what()}});
    response = error_response(context.path, http::status::internal_server_error, "internal",
                              "internal error while serving the request");
  } catch (...) {
    logger_.error("handler failed", {{"handler", handler_label}, {"error", "unknown exception"}});
    response = error_response(context.path, http::status::internal_server_error, "internal",
                              "internal error while serving the request");
  }
  try {
    response.set(kRequestIdHeader, correlation_id);
    finish(request, response);
  } catch (const std::exception& e) {
    logger_.error("cannot finish response", {{"error", e.what()}});
  }

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  unsigned status = response.result_int();
  metrics_.in_flight.dec();
  metrics_.observe(handler_label, status, seconds);
  log::Level level = status >= 500 ? log::Level::error : log::Level::debug;
  if (logger_.enabled(level)) {
    logger_.log(level, "request served",
                {{"method", std::string(request.method_string())},
                 {"path", context.path.empty() ? std::string(request.target()) : context.path},
                 {"handler", handler_label},
                 {"status", status},
                 {"duration_seconds", seconds},
                 {"remote", std::string(remote_address)}});
  }
  return response;
}

bool RequestPipeline::runs_long(const HttpRequest& request) const noexcept {
  try {
    auto target = parse_target(std::string_view(request.target().data(), request.target().size()));
    if (!target) return false;
    auto match = router_.match(request.method(), target->path);
    return match.kind == Router::Match::Kind::found && match.route->runs_long;
  } catch (const std::exception&) {
    return false;  // handle() answers it, as any request it cannot route
  }
}

HttpResponse RequestPipeline::dispatch(const HttpRequest& request, RequestContext& context,
                                       std::string& handler_label) {
  auto target = parse_target(std::string_view(request.target().data(), request.target().size()));
  if (!target) return error_response("", http::status::bad_request, "bad_data", target.error().message);
  context.path = std::move(target->path);

  // Routing comes first only to name the handler in metrics; credentials are
  // checked before anything about the route is revealed.
  auto match = router_.match(request.method(), context.path);
  if (match.route != nullptr) handler_label = match.route->pattern;

  switch (authenticator_.check(context.path, header_value(request, http::field::authorization))) {
    case Authenticator::Outcome::allowed:
      break;
    case Authenticator::Outcome::missing_credentials:
    case Authenticator::Outcome::invalid_credentials: {
      auto res = error_response(context.path, http::status::unauthorized, "unauthorized", "Unauthorized");
      res.set(http::field::www_authenticate, authenticator_.challenge());
      return res;
    }
  }

  if (match.kind == Router::Match::Kind::not_found) {
    return error_response(context.path, http::status::not_found, "not_found",
                          "no route for " + context.path);
  }
  if (match.kind == Router::Match::Kind::method_not_allowed) {
    auto res = error_response(context.path, http::status::method_not_allowed, "bad_data",
                              "method " + std::string(request.method_string()) + " not allowed for " +
                                  context.path + "; allowed: " + match.allowed);
    res.set(http::field::allow, match.allowed);
    return res;
  }
  context.path_params = std::move(match.params);

  // Parameters come from the query string and, for form POSTs and PUTs, the
  // body (as Prometheus's API accepts both, through Go's ParseForm). As in
  // Go's Request.Form, body values come before query-string values of the
  // same name, so the first value (form_value) is the one Go's FormValue reads.
  const bool may_have_form = request.method() == http::verb::post || request.method() == http::verb::put;
  if (may_have_form && is_form_body(request)) {
    auto form = parse_form(request.body());
    if (!form) return error_response(context.path, http::status::bad_request, "bad_data", form.error().message);
    context.query = std::move(*form);
  }
  auto query = parse_form(target->query);
  if (!query) return error_response(context.path, http::status::bad_request, "bad_data", query.error().message);
  context.query.merge(*query);
  return match.route->handler(context);
}

void RequestPipeline::finish(const HttpRequest& request, HttpResponse& response) const {
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  if (gzip_ && response.body().size() >= kMinGzipBytes &&
      response.find(http::field::content_encoding) == response.end()) {
    response.set(http::field::vary, "Accept-Encoding");
    if (accepts_gzip(header_value(request, http::field::accept_encoding))) {
      if (auto compressed = gzip_compress(response.body())) {
        response.body() = std::move(*compressed);
        response.set(http::field::content_encoding, "gzip");
      }
    }
  }
  response.prepare_payload();
  if (request.method() == http::verb::head) {
    // HEAD keeps the headers of GET, Content-Length included, without the body.
    response.body().clear();
  }
}

HttpResponse RequestPipeline::malformed(http::status status, std::string_view message,
                                        std::string_view remote_address) noexcept {
  metrics_.malformed_requests.inc();
  logger_.warn("malformed request", {{"error", std::string(message)}, {"remote", std::string(remote_address)}});
  HttpResponse response = text_response(status, std::string(message) + "\n");
  response.keep_alive(false);
  response.prepare_payload();
  return response;
}

}  // namespace vigil::api
