#pragma once
// A local HTTP server for notifier tests: records every request and answers
// with scripted statuses (the last one repeats), or never answers.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace vigil::alerting::notify::testing {

struct RecordedRequest {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string header(const std::string& lowercase_name) const;
};

class HttpSink {
 public:
  // `statuses`: the answer to the 1st, 2nd, ... request; 0 means "hang
  // until the sink is destroyed".
  explicit HttpSink(std::vector<int> statuses = {200}, std::string answer_body = {});
  ~HttpSink();

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const;
  std::vector<RecordedRequest> requests() const;

 private:
  void accept_loop();
  void serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::vector<int> statuses_;
  std::string answer_body_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> open_;
  std::vector<std::thread> handlers_;
  std::thread acceptor_thread_;
};

}  // namespace vigil::alerting::notify::testing
