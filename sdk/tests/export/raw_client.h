#pragma once
// A blocking HTTP/1.1 client over a plain socket, so tests control exactly
// which bytes reach the endpoint and when. Reads time out after 10 s so a
// broken endpoint fails a test instead of hanging it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::exporter::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class RawClient {
 public:
  // A receive_buffer in bytes (else the kernel's default, which grows)
  // makes a client that does not read fill the endpoint's send side soon.
  explicit RawClient(uint16_t port, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // One response; `head` says the request was HEAD (no body follows).
  std::optional<RawResponse> read_response(bool head = false) {
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    RawResponse response;
    std::string_view lines(buffer_.data(), end + 2);
    size_t eol = lines.find("\r\n");
    std::string_view status_line = lines.substr(0, eol);
    if (!status_line.starts_with("HTTP/1.1 ") || status_line.size() < 12) return std::nullopt;
    response.status = std::stoi(std::string(status_line.substr(9, 3)));
    lines.remove_prefix(eol + 2);
    while (!lines.empty()) {
      eol = lines.find("\r\n");
      std::string_view line = lines.substr(0, eol);
      lines.remove_prefix(eol + 2);
      size_t colon = line.find(':');
      std::string name(line.substr(0, colon));
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string_view value = line.substr(colon + 1);
      while (value.starts_with(' ')) value.remove_prefix(1);
      response.headers[name] = value;
    }
    buffer_.erase(0, end + 4);
    size_t length = head ? 0 : std::stoul(response.headers["content-length"]);
    while (buffer_.size() < length)
      if (!fill()) return std::nullopt;
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  std::optional<RawResponse> request(std::string_view method, std::string_view path,
                                     std::string_view extra_headers = "") {
    std::string req = std::string(method) + " " + std::string(path) + " HTTP/1.1\r\nHost: test\r\n" +
                      std::string(extra_headers) + "\r\n";
    if (!send(req)) return std::nullopt;
    return read_response(method == "HEAD");
  }

  // True when the endpoint closed the connection with nothing more to read:
  // end of stream, or a reset when it closed with our bytes unread.
  bool closed_by_peer() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool fill() {
    char buf[4096];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

}  // namespace vigil::exporter::testing
