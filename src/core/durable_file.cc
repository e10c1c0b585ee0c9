#include "core/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace vigil {
namespace {

Error io_error(std::string what, const std::filesystem::path& path, int error_number, ErrorKind kind = ErrorKind::io) {
  what += ' ';
  what += path.string();
  what += ": ";
  what += std::strerror(error_number);
  return make_error(kind, std::move(what));
}

// Closes on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Result<void> write_all(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("cannot write", path, errno));
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

Result<void> sync_directory(const std::filesystem::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return std::unexpected(io_error("cannot open directory", dir, errno));
  if (::fsync(fd.get()) != 0) return std::unexpected(io_error("cannot sync directory", dir, errno));
  return {};
}

}  // namespace

Result<void> replace_file_durably(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    FileDescriptor fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) return std::unexpected(io_error("cannot create", tmp, errno));
    if (auto written = write_all(fd.get(), content, tmp); !written) return written;
    if (::fsync(fd.get()) != 0) return std::unexpected(io_error("cannot sync", tmp, errno));
    if (::close(fd.release()) != 0) return std::unexpected(io_error("cannot close", tmp, errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    ::unlink(tmp.c_str());
    return std::unexpected(io_error("cannot rename " + tmp.string() + " to", path, error_number));
  }
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  return sync_directory(dir);
}

Result<std::string> read_whole_file(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error_number = errno;
    return std::unexpected(
        io_error("cannot open", path, error_number, error_number == ENOENT ? ErrorKind::not_found : ErrorKind::io));
  }
  std::string content;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("cannot read", path, errno));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
  }
  return content;
}

}  // namespace vigil
