#pragma once
// What was built, from where and with what: shown by `vigil version`,
// /api/v1/status/buildinfo and the vigil_build_info metric.

#include <string_view>

namespace vigil {

struct BuildInfo {
  std::string_view version;
  std::string_view revision;   // git commit, "unknown" outside a checkout
  std::string_view branch;
  std::string_view build_date; // ISO 8601, UTC, time of the CMake configure
  std::string_view compiler;   // e.g. "g++ 12.2.0"
  std::string_view build_type;
};

const BuildInfo& build_info() noexcept;

}  // namespace vigil
