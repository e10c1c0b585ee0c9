#pragma once
// Opens the endpoint's listening socket: non-blocking, close-on-exec.

#include <cstdint>
#include <expected>
#include <string>

#include "file_descriptor.h"

namespace vigil::exporter {

struct ListenSocket {
  FileDescriptor fd;
  uint16_t port = 0;  // the bound port, also when 0 was asked for
};

// `address` is a numeric IPv4 or IPv6 address (no name lookup: resolving
// would block and depend on the network). The message names the address and
// the failing call, e.g. "listen on 127.0.0.1:9400: bind: Address already in use".
std::expected<ListenSocket, std::string> open_listen_socket(const std::string& address, uint16_t port);

}  // namespace vigil::exporter
