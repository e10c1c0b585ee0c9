#pragma once
// Debian's Alertmanager 0.25 on a free loopback port, gossip off, with a
// throwaway storage directory and a configuration that routes everything
// nowhere, for tests that compare Vigil's answers with the real thing's.
// Stopped at destruction at the latest.

#include <chrono>
#include <string>

#include "support/background_process.h"
#include "support/vigil_process.h"

namespace vigil::testing {

class LiveAlertmanager {
 public:
  static constexpr const char* kBinary = "/usr/bin/prometheus-alertmanager";
  static bool installed();

  static constexpr const char* kIdleConfig = "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n";
  explicit LiveAlertmanager(const std::string& config = kIdleConfig);
  // Waits up to 30 s for /-/ready.
  bool wait_ready();
  int port() const noexcept { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return process_.log(); }

 private:
  TempDir dir_;
  int port_;
  BackgroundProcess process_;
};

}  // namespace vigil::testing
