#include "support/live_prometheus.h"

#include <filesystem>

#include "support/http_client.h"

namespace vigil::testing {
namespace {

std::vector<std::string> argv_of(const TempDir& dir, int port, const std::vector<std::string>& extra_flags,
                                 const std::string& config) {
  std::vector<std::string> argv{LivePrometheus::kBinary, "--config.file=" + dir.write("prometheus.yml", config),
                                "--storage.tsdb.path=" + (dir.path() / "data").string(),
                                "--web.listen-address=127.0.0.1:" + std::to_string(port)};
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  return argv;
}

}  // namespace

bool LivePrometheus::installed() { return std::filesystem::exists(kBinary); }

LivePrometheus::LivePrometheus(const std::vector<std::string>& extra_flags, const std::string& config)
    : port_(free_port()),
      process_(argv_of(dir_, port_, extra_flags, config), (dir_.path() / "prometheus.log").string()) {}

bool LivePrometheus::wait_ready() { return wait_http_ready(port_); }

}  // namespace vigil::testing
