#pragma once
// Durations in Prometheus notation: a sequence of <integer><unit> with units
// y, w, d, h, m, s, ms, largest first, each at most once ("1h30m", "90s", "0").

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

using Duration = std::chrono::milliseconds;

Result<Duration> parse_duration(std::string_view text);

// The shortest Prometheus spelling: 5400000 ms -> "1h30m", 0 -> "0s".
std::string format_duration(Duration d);

}  // namespace vigil
