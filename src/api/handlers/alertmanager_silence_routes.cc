#include "api/handlers/alertmanager_silence_routes.h"

#include <algorithm>
#include <string>

#include "alerting/matcher.h"
#include "api/handlers/filter_matchers.h"
#include "api/handlers/silence_json.h"
#include "api/http/openapi_responses.h"
#include "api/http/responses.h"
#include "core/json_writer.h"
#include "core/uuid.h"

namespace vigil::api {
namespace {

std::optional<HttpResponse> malformed_id(const std::string& id) {
  if (is_uuid_text(id)) return std::nullopt;
  return openapi_error(http::status::unprocessable_entity, 601,
                       "silenceID in path must be of type uuid: \"" + id + "\"");
}

HttpResponse list_silences(RequestContext& context, alerting::Silences& silences) {
  auto filter = filter_matchers(context);
  if (!filter) return std::move(filter.error());
  const alerting::TimePoint now = silences.now();
  std::string body;
  JsonWriter out(body);
  out.begin_array();
  for (const alerting::Silence& silence : silences.list(*filter, now)) {
    write_gettable_silence(out, silence, silence.state_at(now));
  }
  out.end_array();
  return json_line(http::status::ok, std::move(body));
}

HttpResponse post_silence(RequestContext& context, alerting::Silences& silences) {
  if (auto refused = unsupported_media_type(context)) return *refused;
  auto posted = read_postable_silence(context.request.body());
  if (!posted) return openapi_error(posted.error().status, posted.error().code, posted.error().message);
  auto id = silences.set(*posted);
  if (!id) {
    switch (id.error().kind) {
      case ErrorKind::not_found:
        return string_payload(http::status::not_found, id.error().message);
      case ErrorKind::invalid_argument:
        return string_payload(http::status::bad_request, id.error().message);
      default:
        return string_payload(http::status::internal_server_error, id.error().message);
    }
  }
  std::string body;
  JsonWriter(body).begin_object().field("silenceID", *id).end_object();
  return json_line(http::status::ok, std::move(body));
}

HttpResponse get_silence(RequestContext& context, alerting::Silences& silences) {
  const std::string& id = context.path_params.at("silenceID");
  if (auto refused = malformed_id(id)) return *refused;
  auto silence = silences.get(id);
  if (!silence) return empty_response(http::status::not_found);
  std::string body;
  JsonWriter out(body);
  write_gettable_silence(out, *silence, silence->state_at(silences.now()));
  return json_line(http::status::ok, std::move(body));
}

HttpResponse delete_silence(RequestContext& context, alerting::Silences& silences) {
  const std::string& id = context.path_params.at("silenceID");
  if (auto refused = malformed_id(id)) return *refused;
  // 0.25 answers every failure, an unknown id too, with 500.
  if (auto expired = silences.expire(id); !expired) {
    return string_payload(http::status::internal_server_error, expired.error().message);
  }
  return empty_response(http::status::ok);
}

}  // namespace

void add_alertmanager_silence_routes(Router& router, alerting::Silences& silences) {
  router.add({http::verb::get}, "/api/v2/silences",
             [&silences](RequestContext& context) { return list_silences(context, silences); });
  router.add({http::verb::post}, "/api/v2/silences",
             [&silences](RequestContext& context) { return post_silence(context, silences); });
  router.add({http::verb::get}, "/api/v2/silence/:silenceID",
             [&silences](RequestContext& context) { return get_silence(context, silences); });
  router.add({http::verb::delete_}, "/api/v2/silence/:silenceID",
             [&silences](RequestContext& context) { return delete_silence(context, silences); });
}

}  // namespace vigil::api
