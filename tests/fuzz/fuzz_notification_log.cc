// Arbitrary bytes as a notification log file: opening it gives the entries
// or an error naming the damaged line, never a crash; what opens is
// rewritten and opens again to the same entries.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "alerting/dispatch/notification_log.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("fuzz-nflog-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  const std::string path = (dir / "notification.log").string();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto log = vigil::alerting::NotificationLog::open(path, std::chrono::hours(1));
  if (!log) {
    if (log.error().message.empty()) std::abort();
    return 0;
  }
  (void)(*log)->log("k\t%\n", {{1, 2}, {3}, vigil::alerting::TimePoint(std::chrono::seconds(5)), {}});
  log->reset();
  auto again = vigil::alerting::NotificationLog::open(path, std::chrono::hours(1));
  if (!again || !(*again)->query("k\t%\n")) std::abort();
  return 0;
}
