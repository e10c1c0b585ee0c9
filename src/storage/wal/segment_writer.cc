#include "storage/wal/segment_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "storage/wal/crc32c.h"

namespace vigil::storage::wal {
namespace {

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorKind::io, what + " " + path + ": " + std::strerror(errno));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

bool is_known_record_type(uint8_t type) noexcept { return type >= 1 && type <= 3; }

Result<SegmentWriter> SegmentWriter::open(const std::string& path, uint64_t valid_bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(io_error("cannot open WAL segment", path));
  if (::ftruncate(fd, static_cast<off_t>(valid_bytes)) != 0 ||
      ::lseek(fd, static_cast<off_t>(valid_bytes), SEEK_SET) < 0) {
    Error e = io_error("cannot position WAL segment", path);
    ::close(fd);
    return std::unexpected(e);
  }
  return SegmentWriter(path, fd, valid_bytes);
}

SegmentWriter::SegmentWriter(SegmentWriter&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      written_(other.written_),
      pending_(std::move(other.pending_)) {}

SegmentWriter::~SegmentWriter() {
  if (fd_ >= 0) {
    (void)flush();
    ::close(fd_);
  }
}

Result<void> SegmentWriter::add(RecordType type, std::span<const uint8_t> payload) {
  if (payload.size() > kMaxRecordBytes) {
    return std::unexpected(make_error(ErrorKind::invalid_argument,
                                      "WAL record of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                                          std::to_string(kMaxRecordBytes)));
  }
  uint8_t type_byte = static_cast<uint8_t>(type);
  uint32_t crc = crc32c(payload, crc32c(std::span<const uint8_t>(&type_byte, 1)));
  pending_.push_back(type_byte);
  put_u32(pending_, static_cast<uint32_t>(payload.size()));
  put_u32(pending_, crc);
  pending_.insert(pending_.end(), payload.begin(), payload.end());
  return {};
}

Result<void> SegmentWriter::flush() {
  size_t done = 0;
  while (done < pending_.size()) {
    ssize_t n = ::write(fd_, pending_.data() + done, pending_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      // What was written stays a valid prefix; the rest is retried next time.
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(done));
      written_ += done;
      return std::unexpected(io_error("cannot write WAL segment", path_));
    }
    done += static_cast<size_t>(n);
  }
  written_ += done;
  pending_.clear();
  return {};
}

Result<void> SegmentWriter::sync() {
  if (auto ok = flush(); !ok) return ok;
  if (::fdatasync(fd_) != 0) return std::unexpected(io_error("cannot sync WAL segment", path_));
  return {};
}

}  // namespace vigil::storage::wal
