#include "api/http/listen_address.h"

#include <charconv>

namespace vigil::api {

Result<ListenAddress> parse_listen_address(std::string_view text) {
  auto fail = [&](std::string_view why) {
    return std::unexpected(make_error(ErrorKind::invalid_argument,
                                      "invalid listen address \"" + std::string(text) + "\": " + std::string(why)));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return fail("expected host:port");
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return fail("missing host (use 0.0.0.0 or [::] for all interfaces)");
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    return fail("port must be a number from 0 to 65535");
  }
  return ListenAddress{std::string(host), static_cast<uint16_t>(port)};
}

}  // namespace vigil::api
