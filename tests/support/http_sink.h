#pragma once
// A local HTTP server for tests of outbound requests (notifications, the
// receivers of alerts): records every request and answers
// with scripted statuses (the last one repeats), or never answers.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

namespace vigil::testing {

struct RecordedRequest {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::chrono::steady_clock::time_point received;            // when the request was read in full
  std::string header(const std::string& lowercase_name) const;
};

class HttpSink {
 public:
  // `statuses`: the answer to the 1st, 2nd, ... request; 0 means "hang
  // until the sink is destroyed".
  explicit HttpSink(std::vector<int> statuses = {200}, std::string answer_body = {})
      : HttpSink(std::move(statuses), std::move(answer_body), {}, {}) {}
  // Serves HTTPS with this certificate and key (PEM files).
  static std::unique_ptr<HttpSink> serving_tls(std::string cert_file, std::string key_file) {
    return std::unique_ptr<HttpSink>(new HttpSink({200}, {}, std::move(cert_file), std::move(key_file)));
  }
  ~HttpSink();

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const;  // https:// when serving TLS
  std::vector<RecordedRequest> requests() const;

 private:
  HttpSink(std::vector<int> statuses, std::string answer_body, std::string cert_file, std::string key_file);
  void accept_loop();
  void serve(boost::asio::ip::tcp::socket socket);
  template <class Stream>
  void exchange(Stream& stream);

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  int port_ = 0;
  std::vector<int> statuses_;
  std::string answer_body_;
  std::string cert_file_, key_file_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::vector<std::shared_ptr<boost::asio::ip::tcp::socket>> open_;
  std::vector<std::thread> handlers_;
  std::thread acceptor_thread_;
};

}  // namespace vigil::testing
