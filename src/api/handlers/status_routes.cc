#include "api/handlers/status_routes.h"

#include "core/json_writer.h"
#include "api/http/responses.h"
#include "core/build_info.h"
#include "vigil/exposition/text_writer.h"

namespace vigil::api {
namespace {

std::string build_info_json() {
  const BuildInfo& info = build_info();
  std::string data;
  JsonWriter(data)
      .begin_object()
      .field("version", info.version)
      .field("revision", info.revision)
      .field("branch", info.branch)
      .field("buildUser", "vigil")
      .field("buildDate", info.build_date)
      // Prometheus's six fields, so that clients decoding them find each;
      // the toolchain stands where Prometheus names its Go version.
      .field("goVersion", info.compiler)
      .end_object();
  return success_envelope(data);
}

}  // namespace

void add_status_routes(Router& router, const metrics::Registry& registry, std::function<bool()> ready) {
  router.add({http::verb::get}, "/-/healthy",
             [](RequestContext&) { return text_response(http::status::ok, "Vigil is Healthy.\n"); });
  router.add({http::verb::get}, "/-/ready", [ready = std::move(ready)](RequestContext&) {
    if (!ready()) return text_response(http::status::service_unavailable, "Service Unavailable\n");
    return text_response(http::status::ok, "Vigil is Ready.\n");
  });
  router.add({http::verb::get}, "/metrics", [&registry](RequestContext& context) {
    const auto format = exposition::negotiate(context.request[http::field::accept]);
    std::string body;
    exposition::write_exposition(body, registry.collect(), format);
    return text_response(http::status::ok, std::move(body), exposition::content_type(format));
  });
  router.add({http::verb::get, http::verb::post}, "/api/v1/status/buildinfo",
             [](RequestContext&) { return json_response(http::status::ok, build_info_json()); });
}

}  // namespace vigil::api
