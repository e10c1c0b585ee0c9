#pragma once
// Timestamps in API parameters (`start`, `end`, `time`), as Prometheus reads
// them: Unix seconds with an optional fraction ("1700000000.123") or RFC 3339
// ("2023-11-14T22:13:20.123Z", "2023-11-14T23:13:20+01:00").

#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace vigil::api {

// Milliseconds since the Unix epoch. Seconds are rounded to the millisecond
// as Prometheus does; RFC 3339 fractions are truncated to it. Fails
// (invalid_argument) with `cannot parse "x" to a valid timestamp`.
Result<int64_t> parse_time_param(std::string_view text);

}  // namespace vigil::api
