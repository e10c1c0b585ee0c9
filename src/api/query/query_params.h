#pragma once
// The parameters of /api/v1/query and /api/v1/query_range, read as
// Prometheus 2.42 reads them and refused with its messages (each error is the
// whole `error` text of a 400 bad_data answer).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/http/types.h"
#include "core/error.h"

namespace vigil::api {

// Prometheus refuses range queries with more steps than this.
inline constexpr int64_t kMaxPointsPerSeries = 11'000;

struct InstantQueryParams {
  std::string query;
  int64_t time_ms = 0;
  // The `timeout` parameter; it can only shorten the server's timeout.
  std::optional<std::chrono::nanoseconds> timeout;
};

struct RangeQueryParams {
  std::string query;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  // At least 1: Prometheus truncates the step to milliseconds for its
  // engine, and accepts sub-millisecond steps when start equals end.
  int64_t step_ms = 1;
  std::optional<std::chrono::nanoseconds> timeout;
};

// Prometheus's parseDuration: float seconds ("15", "1.5e1") or a Prometheus
// duration ("1m30s"); fails with `cannot parse "x" to a valid duration`, or
// `... It overflows int64` beyond Go's time.Duration.
Result<std::chrono::nanoseconds> parse_query_duration(std::string_view text);

// `time` defaults to `now_ms` when absent or empty.
Result<InstantQueryParams> instant_query_params(const RequestContext& context, int64_t now_ms);

// `start`, `end` and `step` are required; then end >= start, step > 0 and at
// most kMaxPointsPerSeries steps, checked in that order.
Result<RangeQueryParams> range_query_params(const RequestContext& context);

}  // namespace vigil::api
