#pragma once
// A scripted OTLP/HTTP receiver for the exporter's tests: listens on
// 127.0.0.1 on a free port, records each request, and answers with the next
// scripted response (200 once the script runs out).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace vigil::exporter::testing {

struct RecordedRequest {
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  std::chrono::steady_clock::time_point arrived;
  int connection = 0;  // which accepted connection carried it, from 1
};

struct ScriptedResponse {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;
};

class OtlpTestServer {
 public:
  // Without keep_alive every answer says "Connection: close"; with it the
  // server reads request after request off a connection until the client
  // closes it (one connection at a time).
  explicit OtlpTestServer(bool keep_alive = false);
  ~OtlpTestServer();
  OtlpTestServer(const OtlpTestServer&) = delete;
  OtlpTestServer& operator=(const OtlpTestServer&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/metrics"; }
  void script(ScriptedResponse response);
  // Waits until at least `n` requests arrived (false after `timeout`).
  bool wait_for_requests(size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  std::vector<RecordedRequest> requests() const;

 private:
  void serve();
  bool handle(int fd, int connection);

  bool keep_alive_;
  int listener_ = -1;
  int port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::deque<ScriptedResponse> script_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

// A loopback port with nothing listening on it (connection refused).
int closed_port();

// A listening socket that never accepts: connections complete in the
// kernel's backlog and requests are never answered.
class SilentListener {
 public:
  SilentListener();
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/metrics"; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace vigil::exporter::testing
