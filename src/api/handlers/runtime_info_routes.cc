#include "api/handlers/runtime_info_routes.h"

#include <array>
#include <ctime>
#include <string>

#include <fmt/core.h>

#include "api/http/go_json.h"
#include "core/json_writer.h"
#include "api/http/responses.h"
#include "promql/printer.h"

namespace vigil::api {
namespace {

// units.Base2Bytes.String(): each power of 1024 that has a remainder, largest
// first ("1GiB512MiB", "100B").
std::string base2_bytes(uint64_t bytes) {
  static constexpr std::array<const char*, 7> kUnits = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::string out;
  for (size_t unit = kUnits.size(); unit-- > 0;) {
    const uint64_t scale = uint64_t{1} << (10 * unit);
    if (bytes / scale == 0) continue;
    out += std::to_string(bytes / scale);
    out += kUnits[unit];
    bytes %= scale;
  }
  return out;
}

HttpResponse runtime_info(const RuntimeInfo& info) {
  std::string data;
  JsonWriter json(data);
  json.begin_object()
      .field("startTime", go_json_time(info.start_time_ms))
      .field("CWD", info.cwd)
      .key("reloadConfigSuccess")
      .boolean(info.reload_config_success)
      // Prometheus reads it back from a seconds gauge, so it has no fraction.
      .field("lastConfigTime", go_json_time(info.last_config_time_ms / 1000 * 1000))
      .key("corruptionCount")
      .number(info.corruption_count)
      .key("goroutineCount")
      .number(info.threads)
      .key("GOMAXPROCS")
      .number(info.cores)
      .field("GOGC", "")
      .field("GODEBUG", "")
      .field("storageRetention", info.storage_retention)
      .end_object();
  return json_response(http::status::ok, success_envelope(data));
}

}  // namespace

std::string retention_text(int64_t time_ms, uint64_t size_bytes) {
  std::string out;
  if (time_ms != 0) out = promql::format_promql_duration(Duration{time_ms});
  if (size_bytes != 0) {
    if (!out.empty()) out += " or ";
    out += base2_bytes(size_bytes);
  }
  return out;
}

void add_runtime_info_routes(Router& router, std::function<RuntimeInfo()> info) {
  router.add({http::verb::get}, "/api/v1/status/runtimeinfo",
             [info = std::move(info)](RequestContext&) { return runtime_info(info()); });
}

}  // namespace vigil::api
