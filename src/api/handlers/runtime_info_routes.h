#pragma once
// Prometheus's /api/v1/status/runtimeinfo, filled with what Vigil has in
// place of Go's runtime figures.

#include <cstdint>
#include <functional>
#include <string>

#include "api/http/router.h"

namespace vigil::api {

struct RuntimeInfo {
  int64_t start_time_ms = 0;  // startTime: when `vigil serve` started
  std::string cwd;            // CWD: the working directory at start
  bool reload_config_success = true;
  int64_t last_config_time_ms = 0;  // the last successful load, start included
  int64_t corruption_count = 0;     // storage repairs made when opening the data
  int64_t threads = 0;              // goroutineCount: the process's threads
  int64_t cores = 0;                // GOMAXPROCS: hardware threads available
  std::string storage_retention;    // "15d", "512MiB", "15d or 512MiB", or ""
};

// GET /api/v1/status/runtimeinfo: {"status":"success","data":{...}} with
// Prometheus's fields in its order; GOGC and GODEBUG are always "".
void add_runtime_info_routes(Router& router, std::function<RuntimeInfo()> info);

// Prometheus's storageRetention text: the time as model.Duration prints it,
// the size as units.Base2Bytes does, joined by " or "; zero means no limit.
std::string retention_text(int64_t time_ms, uint64_t size_bytes);

}  // namespace vigil::api
