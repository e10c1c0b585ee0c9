#pragma once
// Exit codes that scripts and tests rely on.

namespace vigil::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeFailure = 1;  // the server could not run (port taken, data dir locked, ...)
inline constexpr int kExitUsageOrConfig = 2;   // bad flags or bad configuration
// `vigil test rules`: a test failed or a test file is unusable, as promtool
// test rules exits for both.
inline constexpr int kExitTestsFailed = 1;

inline constexpr int kExitCheckFailed = 1;     // `check alerting`: a file is invalid (amtool check-config's code)

}  // namespace vigil::cli
