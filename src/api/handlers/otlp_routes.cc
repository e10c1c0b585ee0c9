#include "api/handlers/otlp_routes.h"

#include "ingest/otlp/http_export.h"

namespace vigil::api {

void add_otlp_routes(Router& router, ingest::otlp::MetricsReceiver& receiver, uint64_t max_message_bytes) {
  auto handler = [&receiver, max_message_bytes](RequestContext& context) {
    const HttpRequest& request = context.request;
    auto answer = ingest::otlp::export_over_http(
        receiver, {request[http::field::content_type], request[http::field::content_encoding], request.body()},
        max_message_bytes);
    HttpResponse response{static_cast<http::status>(answer.status), 11};
    response.set(http::field::content_type, answer.content_type);
    response.body() = std::move(answer.body);
    return response;
  };
  router.add({http::verb::post}, "/v1/metrics", handler);
  router.add({http::verb::post}, "/api/v1/otlp/v1/metrics", handler);
}

}  // namespace vigil::api
