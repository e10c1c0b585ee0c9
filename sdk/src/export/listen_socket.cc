#include "listen_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace vigil::exporter {

std::expected<ListenSocket, std::string> open_listen_socket(const std::string& address, uint16_t port) {
  std::string where =
      (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
  auto failure = [&](const char* call, int err) {
    return std::unexpected("listen on " + where + ": " + call + ": " + std::strerror(err));
  };

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return std::unexpected("listen on " + where + ": not a numeric IP address (" + gai_strerror(rc) + ")");
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, ::freeaddrinfo);

  ListenSocket listener;
  listener.fd = FileDescriptor(::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!listener.fd) return failure("socket", errno);
  int one = 1;
  // A restarted process can rebind while old connections sit in TIME_WAIT.
  ::setsockopt(listener.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener.fd.get(), found->ai_addr, found->ai_addrlen) != 0) return failure("bind", errno);
  if (::listen(listener.fd.get(), SOMAXCONN) != 0) return failure("listen", errno);

  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  if (::getsockname(listener.fd.get(), reinterpret_cast<sockaddr*>(&bound), &len) != 0)
    return failure("getsockname", errno);
  listener.port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                    : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return listener;
}

}  // namespace vigil::exporter
