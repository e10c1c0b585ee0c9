#pragma once
// "host:port" and "[v6-address]:port" as in server.listen.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::api {

struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace vigil::api
