#pragma once
// The parameters Prometheus's metadata endpoints (/api/v1/series, /labels,
// /label/<name>/values) share: `start`, `end` and the `match[]` selectors,
// read and refused with Prometheus's messages.

#include <cstdint>
#include <string>
#include <vector>

#include "api/http/types.h"
#include "core/error.h"
#include "storage/index/matcher.h"

namespace vigil::api {

// Prometheus's defaults for an absent or empty `start` / `end`: the smallest
// and largest times Go can represent, in milliseconds.
inline constexpr int64_t kMinApiTime = -9'223'309'901'257'974'000;
inline constexpr int64_t kMaxApiTime = 9'223'309'901'257'974'000;

// A time parameter, or `fallback` when absent or empty. The error is the
// whole message: `invalid parameter "start": Invalid time value for 'start':
// cannot parse "x" to a valid timestamp`.
Result<int64_t> time_param(const RequestContext& context, const std::string& name, int64_t fallback);

// Every `match[]` value (body first, then query string, as Go's
// Request.Form), each parsed as a series selector. Fails with the parser's
// message, or "match[] must contain at least one non-empty matcher" when a
// selector would match every series.
using MatcherSets = std::vector<std::vector<storage::index::Matcher>>;
Result<MatcherSets> match_param(const RequestContext& context);

}  // namespace vigil::api
