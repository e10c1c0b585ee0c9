#pragma once
// Whether the peer of a connected socket has closed it (or it failed),
// without reading from it: data the client sent ahead stays unread.

namespace vigil::api {

bool peer_closed(int fd) noexcept;

}  // namespace vigil::api
