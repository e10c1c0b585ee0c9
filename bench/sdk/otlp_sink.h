#pragma once
// A local OTLP/HTTP receiver that reads each request and answers 200 with an
// empty body: the other end of the OTLP exporter in the exporter_running
// benchmark, so that the exporter does all of its work (collect, encode,
// POST) and none of the receiver's costs counts. 127.0.0.1 only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

namespace vigil::bench {

class OtlpSink {
 public:
  OtlpSink() : listener_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listener_, 8) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("otlp sink: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OtlpSink() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  OtlpSink(const OtlpSink&) = delete;
  OtlpSink& operator=(const OtlpSink&) = delete;

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/metrics"; }

 private:
  // One connection at a time: the exporter keeps one open.
  void serve() {
    while (!stop_) {
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      answer_requests(fd);
      ::close(fd);
    }
  }

  void answer_requests(int fd) {
    std::string buffer;
    char chunk[65536];
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
      // Answer every complete request in the buffer: headers, then Content-Length bytes.
      for (std::size_t end; (end = buffer.find("\r\n\r\n")) != std::string::npos;) {
        std::size_t body = 0;
        if (auto at = buffer.find("Content-Length:"); at != std::string::npos && at < end) {
          body = std::strtoul(buffer.c_str() + at + 15, nullptr, 10);
        }
        if (buffer.size() < end + 4 + body) break;
        buffer.erase(0, end + 4 + body);
        static constexpr char kOk[] =
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
        if (::write(fd, kOk, sizeof kOk - 1) < 0) return;
      }
    }
  }

  int listener_;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace vigil::bench
