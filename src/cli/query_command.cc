// `vigil query [--server URL | --data DIR] EXPR [--time T | --start T --end T
// --step D] [--timeout D] [--format table|json]`: a PromQL query against a
// running server's HTTP API, or run in this process on a storage directory
// (under its lock, as the tsdb tools open it). Both go through the query
// endpoint's code, so parameters, errors and JSON are the server's.

#include <fmt/core.h>

#include <cstdio>

#include "api/handlers/query_routes.h"
#include "api/query/query_params.h"
#include "api/query/result_json.h"
#include "cli/api_client.h"
#include "cli/commands.h"
#include "cli/engine_options.h"
#include "cli/exit_codes.h"
#include "cli/query_answer.h"
#include "cli/query_table.h"
#include "cli/tsdb_storage.h"
#include "promql/engine/storage_queryable.h"

namespace vigil::cli {
namespace {

using namespace std::chrono_literals;

constexpr const char* kDefaultServer = "http://127.0.0.1:9400";

bool is_range(const QueryOptions& options) { return options.start || options.end || options.step; }

Result<void> check_options(const QueryOptions& options) {
  auto bad = [](const char* message) { return std::unexpected(make_error(ErrorKind::invalid_argument, message)); };
  if (options.server && options.data) return bad("--server and --data exclude each other");
  if (is_range(options) && options.time) {
    return bad("--time is for an instant query; a range query takes --start, --end and --step");
  }
  if (is_range(options) && !(options.start && options.end && options.step)) {
    return bad("a range query needs all of --start, --end and --step");
  }
  return {};
}

FormParams request_params(const QueryOptions& options) {
  FormParams params{{"query", options.expr}};
  auto add = [&](const char* name, const std::optional<std::string>& value) {
    if (value) params.emplace_back(name, *value);
  };
  add("time", options.time);
  add("start", options.start);
  add("end", options.end);
  add("step", options.step);
  add("timeout", options.timeout);
  return params;
}

const char* api_path(const QueryOptions& options) { return is_range(options) ? "/api/v1/query_range" : "/api/v1/query"; }

Result<ApiReply> ask_server(const QueryOptions& options) {
  // The server bounds the query by its own timeout; this only keeps the
  // command from waiting forever on a server that does not answer.
  std::chrono::milliseconds wait = 10min;
  if (options.timeout) {
    if (auto timeout = api::parse_query_duration(*options.timeout); timeout && timeout->count() > 0) {
      wait = std::chrono::duration_cast<std::chrono::milliseconds>(*timeout) + 30s;
    }
  }
  return post_form(options.server.value_or(kDefaultServer), api_path(options), request_params(options), wait);
}

Result<ApiReply> run_in_process(const QueryOptions& options) {
  auto storage = TsdbStorage::open(*options.data);
  if (!storage) return std::unexpected(storage.error());
  const promql::StorageQueryable queryable(storage->database());
  const config::QueryConfig defaults;
  api::Router router;
  api::add_query_routes(router, api::engine_query_runner(queryable, engine_options(defaults)),
                        {.timeout = defaults.timeout, .max_concurrency = 1});
  const std::string path = api_path(options);
  api::HttpRequest http_request{api::http::verb::post, path, 11};
  api::RequestContext context{http_request, path, {}, {}, "", "", {}};
  for (auto& [name, value] : request_params(options)) context.query.emplace(name, value);
  const auto match = router.match(api::http::verb::post, path);
  const api::HttpResponse response = match.route->handler(context);
  return ApiReply{response.result_int(), response.body()};
}

int print_answer(const QueryOptions& options, const ApiReply& reply) {
  auto answer = read_query_answer(reply.body);
  if (!answer) {
    fmt::print(stderr, "vigil query: HTTP {}: {}\n", reply.status, answer.error().message);
    return kExitRuntimeFailure;
  }
  if (const auto* error = std::get_if<promql::QueryError>(&answer->outcome)) {
    fmt::print(stderr, "vigil query: {} ({})\n", error->message, promql::to_string(error->type));
    return error->type == promql::QueryErrorType::bad_data ? kExitUsageOrConfig : kExitRuntimeFailure;
  }
  const auto& result = std::get<promql::QueryResult>(answer->outcome);
  for (const auto& warning : result.warnings) fmt::print(stderr, "warning: {}\n", warning);
  if (options.format == "json") {
    fmt::print("{}\n", api::query_data_json(result));
  } else {
    fmt::print("{}", query_table(result));
  }
  return kExitOk;
}

}  // namespace

int run_query(const QueryOptions& options) {
  if (auto checked = check_options(options); !checked) {
    fmt::print(stderr, "vigil query: {}\n", checked.error().message);
    return kExitUsageOrConfig;
  }
  auto reply = options.data ? run_in_process(options) : ask_server(options);
  if (!reply) {
    fmt::print(stderr, "vigil query: {}\n", reply.error().message);
    return reply.error().kind == ErrorKind::invalid_argument ? kExitUsageOrConfig : kExitRuntimeFailure;
  }
  return print_answer(options, *reply);
}

}  // namespace vigil::cli
