#include "alerting/notify/alertmanager_oracle.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>

#include "alerting/notify/http_post.h"
#include "alerting/notify/notification.h"

namespace vigil::alerting::notify::testing {

namespace {

using namespace std::chrono_literals;

int free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

std::string json_object(const Labels& pairs) {
  std::string out = "{";
  for (const auto& [name, value] : pairs) {
    if (out.size() > 1) out += ',';
    out += '"' + name + "\":\"" + value + '"';
  }
  return out + '}';
}

}  // namespace

std::vector<Alert> oracle_alerts(TimePoint now) {
  Alert firing{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "a:9090"}},
               .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r1"}},
               .starts_at = now + 123456789ns,
               .ends_at = now + 1h,
               .generator_url = "http://prom:9090/graph?g0.expr=x&g0.tab=1"};
  Alert resolved{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "b:9090"}},
                 .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r2"}},
                 .starts_at = now - 1s,
                 .ends_at = now + 500ms,
                 .generator_url = "http://prom:9090/graph"};
  return {firing, resolved};
}

AlertmanagerOracle::AlertmanagerOracle() {
  static int count = 0;
  dir_ = std::filesystem::temp_directory_path() /
         ("vigil-am-oracle-" + std::to_string(getpid()) + "-" + std::to_string(count++));
  std::filesystem::create_directories(dir_);
}

AlertmanagerOracle::~AlertmanagerOracle() {
  if (process_) process_->stop(5s);
  process_.reset();
  std::filesystem::remove_all(dir_);
}

bool AlertmanagerOracle::installed() { return std::filesystem::exists(kAlertmanagerBinary); }

std::string AlertmanagerOracle::write(const std::string& name, const std::string& text) const {
  const auto path = dir_ / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path.string();
}

bool AlertmanagerOracle::start(const std::string& config_file) {
  setenv("TZ", "UTC", 1);  // Alertmanager writes times in its local zone
  port_ = free_port();
  process_ = std::make_unique<vigil::testing::BackgroundProcess>(
      std::vector<std::string>{kAlertmanagerBinary, "--config.file=" + config_file,
                               "--storage.path=" + (dir_ / "data").string(),
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                               "--cluster.listen-address=", std::string("--web.external-url=") + kOracleExternalUrl},
      (dir_ / "alertmanager.log").string());
  return post_body("[]");  // ready once it accepts an empty list
}

bool AlertmanagerOracle::post(std::span<const Alert> alerts) {
  std::string body = "[";
  for (const Alert& alert : alerts) {
    if (body.size() > 1) body += ',';
    body += R"({"labels":)" + json_object(alert.labels) + R"(,"annotations":)" + json_object(alert.annotations) +
            R"(,"startsAt":")" + go_time_text(alert.starts_at) + R"(","endsAt":")" + go_time_text(alert.ends_at) +
            R"(","generatorURL":")" + alert.generator_url + R"("})";
  }
  return post_body(body + "]");
}

bool AlertmanagerOracle::post_body(const std::string& body) {
  for (int i = 0; i < 100; ++i) {
    auto answer = http_post({},
                            {.url = "http://127.0.0.1:" + std::to_string(port_) + "/api/v2/alerts",
                             .body = body,
                             .headers = {{"Content-Type", "application/json"}}},
                            std::chrono::steady_clock::now() + 2s, {});
    if (answer && answer->status == 200) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

std::string AlertmanagerOracle::log() const { return process_ ? process_->log() : std::string(); }

}  // namespace vigil::alerting::notify::testing
