#include "vigil/log/sink.h"

#include <unistd.h>

#include <cerrno>

namespace vigil::log {

void FileDescriptorSink::write(std::string_view line) noexcept {
  // The mutex keeps a partial write of one line from being interleaved with
  // another line; a single write(2) usually makes even that unnecessary.
  std::lock_guard lock(mu_);
  const char* p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // Nowhere to report a logging failure; drop the line.
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void MemorySink::write(std::string_view line) noexcept {
  std::lock_guard lock(mu_);
  try {
    lines_.emplace_back(line);
  } catch (...) {
    // Out of memory: the line is lost, as it would be on a full disk.
  }
}

std::vector<std::string> MemorySink::lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

}  // namespace vigil::log
