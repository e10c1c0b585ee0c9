#pragma once
// Alertmanager 0.25 itself, run as the oracle of notifier tests: started on
// 127.0.0.1 with a configuration written to a temporary directory, fed
// alerts through /api/v2/alerts.

#include <chrono>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "alerting/alert.h"
#include "support/background_process.h"

namespace vigil::alerting::notify::testing {

inline constexpr const char* kAlertmanagerBinary = "/usr/bin/prometheus-alertmanager";
inline constexpr const char* kOracleExternalUrl = "http://vigil.example:9093";

// Alerts that start at `now` (so that a group_wait of 2s holds the flush
// until both are in): one firing until an explicit end an hour later, one
// resolved half a second after `now`.
std::vector<Alert> oracle_alerts(TimePoint now);

class AlertmanagerOracle {
 public:
  // A temporary directory for the configuration and data; nothing runs yet.
  AlertmanagerOracle();
  ~AlertmanagerOracle();

  static bool installed();
  const std::filesystem::path& dir() const { return dir_; }
  std::string write(const std::string& name, const std::string& text) const;  // into dir(); the path

  // Starts Alertmanager on the configuration file (in UTC, so that times in
  // templates are UTC) and waits until it accepts alerts.
  bool start(const std::string& config_file);
  // Posts alerts as Prometheus does; true on 200.
  bool post(std::span<const Alert> alerts);
  std::string log() const;

 private:
  bool post_body(const std::string& body);
  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<vigil::testing::BackgroundProcess> process_;
};

}  // namespace vigil::alerting::notify::testing
