#include "support/live_alertmanager.h"

#include <filesystem>
#include <vector>

#include "support/http_client.h"

namespace vigil::testing {
namespace {

std::vector<std::string> argv_of(const TempDir& dir, int port, const std::string& config) {
  return {LiveAlertmanager::kBinary, "--config.file=" + dir.write("alertmanager.yml", config),
          "--storage.path=" + (dir.path() / "data").string(), "--web.listen-address=127.0.0.1:" + std::to_string(port),
          "--cluster.listen-address="};
}

}  // namespace

bool LiveAlertmanager::installed() { return std::filesystem::exists(kBinary); }

LiveAlertmanager::LiveAlertmanager(const std::string& config)
    : port_(free_port()), process_(argv_of(dir_, port_, config), (dir_.path() / "alertmanager.log").string()) {}

bool LiveAlertmanager::wait_ready() { return wait_http_ready(port_); }

}  // namespace vigil::testing
