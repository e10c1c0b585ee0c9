#include "api/http/peer_closed.h"

#include <poll.h>

namespace vigil::api {

bool peer_closed(int fd) noexcept {
  // POLLRDHUP reports the peer's FIN even when unread bytes are queued
  // before it (a TLS close_notify, a pipelined request).
  pollfd entry{fd, POLLRDHUP, 0};
  if (::poll(&entry, 1, 0) <= 0) return false;
  return (entry.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace vigil::api
