#include <fmt/core.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/build_info.h"

namespace vigil::cli {

int run_version() {
  const BuildInfo& info = build_info();
  fmt::print("vigil, version {} (branch: {}, revision: {})\n", info.version, info.branch, info.revision);
  fmt::print("  build date: {}\n  compiler:   {}\n  build type: {}\n", info.build_date, info.compiler,
             info.build_type);
  return kExitOk;
}

}  // namespace vigil::cli
