#pragma once
// Debian's Prometheus on a free loopback port with a throwaway data
// directory and an idle scrape config, for tests that compare Vigil's
// answers with the real thing's. Stopped at destruction at the latest.

#include <chrono>
#include <string>
#include <vector>

#include "support/background_process.h"
#include "support/vigil_process.h"

namespace vigil::testing {

class LivePrometheus {
 public:
  static constexpr const char* kBinary = "/usr/bin/prometheus";
  static bool installed();

  static constexpr const char* kIdleConfig = "global:\n  scrape_interval: 1h\n";
  // `config` is the content of its prometheus.yml.
  explicit LivePrometheus(const std::vector<std::string>& extra_flags = {}, const std::string& config = kIdleConfig);
  // Waits up to 30 s for /-/ready.
  bool wait_ready();
  int port() const noexcept { return port_; }
  bool stop(std::chrono::seconds timeout) { return process_.stop(timeout); }
  std::string log() const { return process_.log(); }

 private:
  TempDir dir_;
  int port_;
  BackgroundProcess process_;
};

}  // namespace vigil::testing
