#include "api/handlers/metric_metadata_routes.h"

#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "core/json_writer.h"
#include "api/http/responses.h"

namespace vigil::api {
namespace {

using ingest::scrape::MetricMetadata;

// One distinct (type, help, unit) of a metric, ordered so that answers do
// not depend on the order of the targets.
using Entry = std::tuple<std::string, std::string, std::string>;

// Go's strconv.Atoi: an optional sign and decimal digits, in range.
std::optional<int64_t> parse_go_int(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// -1 (no limit) when absent or empty.
std::optional<int64_t> limit_param(const RequestContext& context, const std::string& name) {
  const std::string text = form_value(context, name).value_or("");
  if (text.empty()) return -1;
  return parse_go_int(text);
}

HttpResponse metric_metadata(const RequestContext& context, const ingest::scrape::Scraper& scraper) {
  auto limit = limit_param(context, "limit");
  if (!limit) return error_response(context.path, http::status::bad_request, "bad_data", "limit must be a number");
  auto per_metric = limit_param(context, "limit_per_metric");
  if (!per_metric) {
    return error_response(context.path, http::status::bad_request, "bad_data", "limit_per_metric must be a number");
  }
  const std::string metric = form_value(context, "metric").value_or("");

  std::map<std::string, std::set<Entry>> metrics;
  for (const auto& target : scraper.status().active) {
    for (const MetricMetadata& m : *target.metadata) {
      if (!metric.empty() && m.metric != metric) continue;
      metrics[m.metric].emplace(m.type, m.help, m.unit);
    }
  }

  std::string data;
  JsonWriter json(data);
  json.begin_object();
  int64_t written = 0;
  for (const auto& [name, entries] : metrics) {
    if (*limit >= 0 && written >= *limit) break;
    ++written;
    json.key(name).begin_array();
    int64_t listed = 0;
    for (const auto& [type, help, unit] : entries) {
      if (*per_metric >= 0 && listed >= *per_metric) break;
      ++listed;
      json.begin_object().field("type", type).field("help", help).field("unit", unit).end_object();
    }
    json.end_array();
  }
  json.end_object();
  return json_response(http::status::ok, success_envelope(data));
}

}  // namespace

void add_metric_metadata_routes(Router& router, const ingest::scrape::Scraper& scraper) {
  router.add({http::verb::get}, "/api/v1/metadata",
             [&scraper](RequestContext& context) { return metric_metadata(context, scraper); });
}

}  // namespace vigil::api
