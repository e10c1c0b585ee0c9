#include "api/handlers/scrape_routes.h"

#include <ctime>
#include <string>

#include <fmt/core.h>

#include "api/http/go_json.h"
#include "core/json_writer.h"
#include "api/http/responses.h"

namespace vigil::api {
namespace {

// RFC 3339 with milliseconds; Go's zero time for a target not scraped yet, as Prometheus shows it.
std::string rfc3339(int64_t ms) {
  if (ms == 0) return "0001-01-01T00:00:00Z";
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, ms % 1000);
}

std::string targets_json(const ingest::scrape::ScraperStatus& status, bool active, bool dropped) {
  std::string body;
  JsonWriter json(body);
  json.begin_object().field("status", "success").key("data").begin_object();
  json.key("activeTargets").begin_array();
  for (const auto& target : status.active) {
    if (!active) break;
    json.begin_object();
    json.key("discoveredLabels");
    write_label_object(json, target.target.discovered);
    json.key("labels");
    write_label_object(json, target.target.labels);
    json.field("scrapePool", target.job);
    json.field("scrapeUrl", target.target.url());
    json.field("globalUrl", target.target.url());
    json.field("lastError", target.last_error);
    json.field("lastScrape", rfc3339(target.last_scrape_ms));
    json.key("lastScrapeDuration").raw(fmt::format("{}", target.last_scrape_duration_s));
    json.field("health", target.health);
    json.field("scrapeInterval", format_duration(target.target.interval));
    json.field("scrapeTimeout", format_duration(target.target.timeout));
    json.end_object();
  }
  json.end_array();
  json.key("droppedTargets").begin_array();
  for (const auto& [job, target] : status.dropped) {
    if (!dropped) break;
    json.begin_object().key("discoveredLabels");
    write_label_object(json, target.discovered);
    json.end_object();
  }
  json.end_array();
  json.end_object().end_object();
  return body;
}

}  // namespace

void add_scrape_routes(Router& router, const ingest::scrape::Scraper& scraper, std::function<Result<void>()> reload) {
  router.add({http::verb::get}, "/api/v1/targets", [&scraper](RequestContext& context) {
    std::string state = "any";
    if (auto it = context.query.find("state"); it != context.query.end()) state = it->second;
    if (state != "any" && state != "active" && state != "dropped") {
      return error_response(context.path, http::status::bad_request, "bad_data",
                            "invalid parameter \"state\": one of active, dropped, any");
    }
    return json_response(http::status::ok,
                         targets_json(scraper.status(), state != "dropped", state != "active"));
  });
  router.add({http::verb::post, http::verb::put}, "/-/reload", [reload = std::move(reload)](RequestContext&) {
    if (auto reloaded = reload(); !reloaded) {
      return text_response(http::status::internal_server_error,
                           "failed to reload config: " + reloaded.error().message + "\n");
    }
    return text_response(http::status::ok, "");
  });
}

}  // namespace vigil::api
