#pragma once
// Timestamps in Alertmanager's v2 API, which go-openapi's strfmt.DateTime
// reads and writes: read in any of its layouts (RFC 3339 with or without a
// fraction, a numeric zone without colon, no zone meaning UTC, minutes only,
// a space instead of the T), written as RFC 3339 in UTC with milliseconds.
// Times past the clock's range (years before 1678 or after 2261) become its
// ends, TimePoint::min() and max(); "" is min(), Go's zero time.

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::api {

using TimePoint = std::chrono::system_clock::time_point;

// invalid_argument with Go's time.Parse message for the last layout strfmt
// tries: `parsing time "bad" as "2006-01-02 15:04:05": cannot parse "bad" as
// "2006"`, or `parsing time "2030-13-01T00:00:00Z": month out of range`.
Result<TimePoint> parse_openapi_datetime(std::string_view text);

// "2026-12-06T09:16:02.925Z": milliseconds truncated, as Go formats them.
std::string format_openapi_datetime(TimePoint time);

}  // namespace vigil::api
