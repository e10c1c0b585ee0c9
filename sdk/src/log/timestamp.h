#pragma once

#include <chrono>
#include <string>

namespace vigil::log::detail {

// Appends `t` as RFC 3339 in UTC with milliseconds: "2026-11-21T10:00:00.123Z".
void append_rfc3339_millis(std::string& out, std::chrono::system_clock::time_point t);

}  // namespace vigil::log::detail
