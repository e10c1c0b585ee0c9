#include "export/otlp_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace vigil::exporter::testing {
namespace {

// A socket bound to 127.0.0.1 on a port the kernel picks.
int bound_socket(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("bind failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool read_more(int fd, std::string& buffer) {
  char chunk[16384];
  const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

// One request off the connection; false when it closed first.
bool read_request(int fd, RecordedRequest& request) {
  std::string buffer;
  size_t end = std::string::npos;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (!read_more(fd, buffer)) return false;
  }
  const std::string head = buffer.substr(0, end);
  size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  const size_t first_space = request_line.find(' ');
  request.target = request_line.substr(first_space + 1, request_line.rfind(' ') - first_space - 1);
  while (line_end != std::string::npos && line_end < head.size()) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value_start = colon + 1;
    while (value_start < line.size() && line[value_start] == ' ') ++value_start;
    request.headers[lowercase(line.substr(0, colon))] = line.substr(value_start);
  }
  const size_t length = request.headers.contains("content-length") ? std::stoul(request.headers["content-length"]) : 0;
  request.body = buffer.substr(end + 4);
  while (request.body.size() < length) {
    if (!read_more(fd, request.body)) return false;
  }
  return true;
}

void write_all(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

OtlpTestServer::OtlpTestServer(bool keep_alive) : keep_alive_(keep_alive) {
  listener_ = bound_socket(port_);
  if (::listen(listener_, 16) != 0) throw std::runtime_error("listen failed");
  thread_ = std::thread([this] { serve(); });
}

OtlpTestServer::~OtlpTestServer() {
  ::shutdown(listener_, SHUT_RDWR);  // wakes accept()
  thread_.join();
  ::close(listener_);
}

void OtlpTestServer::script(ScriptedResponse response) {
  std::lock_guard lock(mu_);
  script_.push_back(std::move(response));
}

bool OtlpTestServer::wait_for_requests(size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

std::vector<RecordedRequest> OtlpTestServer::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void OtlpTestServer::serve() {
  for (int connection = 1;; ++connection) {
    const int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    while (handle(fd, connection) && keep_alive_) {
    }
    ::close(fd);
  }
}

// One request and its answer; false when the connection closed first.
bool OtlpTestServer::handle(int fd, int connection) {
  RecordedRequest request;
  if (!read_request(fd, request)) return false;
  request.arrived = std::chrono::steady_clock::now();
  request.connection = connection;
  ScriptedResponse response;
  {
    std::lock_guard lock(mu_);
    if (!script_.empty()) {
      response = std::move(script_.front());
      script_.pop_front();
    }
    requests_.push_back(std::move(request));
  }
  arrived_.notify_all();
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " Scripted\r\n";
  if (!keep_alive_) out += "Connection: close\r\n";
  response.headers.try_emplace("Content-Type", "application/x-protobuf");
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n\r\n" + response.body;
  write_all(fd, out);
  return true;
}

int closed_port() {
  int port = 0;
  const int fd = bound_socket(port);
  ::close(fd);  // bound but never listening: nothing accepts on it
  return port;
}

SilentListener::SilentListener() : fd_(bound_socket(port_)) {
  if (::listen(fd_, 16) != 0) throw std::runtime_error("listen failed");
}

SilentListener::~SilentListener() { ::close(fd_); }

}  // namespace vigil::exporter::testing
