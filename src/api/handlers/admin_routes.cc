#include "api/handlers/admin_routes.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/json_writer.h"
#include "api/http/responses.h"
#include "api/http/time_param.h"
#include "storage/index/selector.h"

namespace vigil::api {
namespace {

constexpr const char* kSnapshotPath = "/api/v1/admin/tsdb/snapshot";
constexpr const char* kDeleteSeriesPath = "/api/v1/admin/tsdb/delete_series";
constexpr const char* kCleanTombstonesPath = "/api/v1/admin/tsdb/clean_tombstones";

const std::vector<http::verb> kMethods{http::verb::post, http::verb::put};

HttpResponse bad_parameter(const RequestContext& context, std::string_view name, std::string_view problem) {
  return error_response(context.path, http::status::bad_request, "bad_data",
                        "invalid parameter \"" + std::string(name) + "\": " + std::string(problem));
}

HttpResponse storage_failure(const RequestContext& context, std::string_view what, const Error& error) {
  return error_response(context.path, http::status::internal_server_error, "internal",
                        std::string(what) + ": " + error.message);
}

HttpResponse no_content() { return HttpResponse{http::status::no_content, 11}; }

// Go's strconv.ParseBool, which Prometheus uses for skip_head.
std::optional<bool> parse_bool(std::string_view text) {
  for (std::string_view yes : {"1", "t", "T", "true", "TRUE", "True"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"0", "f", "F", "false", "FALSE", "False"}) {
    if (text == no) return false;
  }
  return std::nullopt;
}

HttpResponse snapshot(RequestContext& context, storage::Database& database) {
  bool skip_head = false;
  if (auto text = form_value(context, "skip_head"); text && !text->empty()) {
    auto parsed = parse_bool(*text);
    if (!parsed) return bad_parameter(context, "skip_head", "cannot parse \"" + *text + "\" as a boolean");
    skip_head = *parsed;
  }
  auto name = database.snapshot(skip_head);
  if (!name) return storage_failure(context, "create snapshot", name.error());
  std::string data;
  JsonWriter(data).begin_object().field("name", *name).end_object();
  return json_response(http::status::ok, success_envelope(data));
}

// `start` or `end`, or `fallback` when absent or empty.
Result<int64_t> time_param(const RequestContext& context, const std::string& name, int64_t fallback) {
  auto text = form_value(context, name);
  if (!text || text->empty()) return fallback;
  return parse_time_param(*text);
}

HttpResponse delete_series(RequestContext& context, storage::Database& database) {
  auto [first, last] = context.query.equal_range("match[]");
  if (first == last) {
    return error_response(context.path, http::status::bad_request, "bad_data", "no match[] parameter provided");
  }
  // Every selector is checked before anything is deleted.
  std::vector<std::vector<storage::index::Matcher>> selections;
  for (auto it = first; it != last; ++it) {
    auto matchers = storage::index::parse_series_selector(it->second);
    if (!matchers) return bad_parameter(context, "match[]", matchers.error().message);
    selections.push_back(std::move(*matchers));
  }
  auto start = time_param(context, "start", std::numeric_limits<int64_t>::min());
  if (!start) return bad_parameter(context, "start", start.error().message);
  auto end = time_param(context, "end", std::numeric_limits<int64_t>::max());
  if (!end) return bad_parameter(context, "end", end.error().message);

  // An empty range (start after end) deletes nothing, as in Prometheus.
  if (*start > *end) return no_content();
  // Several selectors delete the union of what each selects.
  for (const auto& matchers : selections) {
    auto deleted = database.delete_series(matchers, *start, *end);
    if (!deleted) return storage_failure(context, "delete series", deleted.error());
  }
  return no_content();
}

HttpResponse clean_tombstones(const RequestContext& context, storage::Database& database) {
  if (auto cleaned = database.clean_tombstones(); !cleaned) {
    return storage_failure(context, "clean tombstones", cleaned.error());
  }
  return no_content();
}

}  // namespace

void add_admin_routes(Router& router, storage::Database& database) {
  router.add(kMethods, kSnapshotPath, [&database](RequestContext& context) { return snapshot(context, database); });
  router.add(kMethods, kDeleteSeriesPath,
             [&database](RequestContext& context) { return delete_series(context, database); });
  router.add(kMethods, kCleanTombstonesPath,
             [&database](RequestContext& context) { return clean_tombstones(context, database); });
}

void add_disabled_admin_routes(Router& router) {
  for (const char* path : {kSnapshotPath, kDeleteSeriesPath, kCleanTombstonesPath}) {
    router.add(kMethods, path, [](RequestContext& context) {
      return error_response(context.path, http::status::internal_server_error, "unavailable", "admin APIs disabled");
    });
  }
}

}  // namespace vigil::api
