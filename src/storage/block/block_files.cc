#include "storage/block/block_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace vigil::storage::block {

namespace fs = std::filesystem;

Error io_error(const std::string& what, const std::string& path) {
  return make_error(ErrorKind::io, path + ": " + what + ": " + std::strerror(errno));
}

Result<size_t> remove_incomplete_blocks(const std::string& blocks_dir) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(blocks_dir, ec)) {
    if (entry.path().filename().string().ends_with(kTmpSuffix)) doomed.push_back(entry.path());
  }
  if (ec) return std::unexpected(make_error(ErrorKind::io, blocks_dir + ": cannot list: " + ec.message()));
  for (const auto& path : doomed) {
    fs::remove_all(path, ec);
    if (ec) return std::unexpected(make_error(ErrorKind::io, path.string() + ": cannot remove: " + ec.message()));
  }
  if (!doomed.empty()) {
    if (auto synced = sync_dir(blocks_dir); !synced) return std::unexpected(synced.error());
  }
  return doomed.size();
}

File::File(File&& other) noexcept : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

Result<File> File::open_read(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // A block directory without one of its files is damaged, not absent.
    if (errno == ENOENT) return std::unexpected(make_error(ErrorKind::corruption, path + ": file is missing"));
    return std::unexpected(io_error("cannot open", path));
  }
  return File(fd, path);
}

Result<File> File::create(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(io_error("cannot create", path));
  return File(fd, path);
}

Result<void> File::write_all(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("cannot write", path_));
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
  return {};
}

Result<void> File::read_at(uint64_t offset, std::span<uint8_t> bytes) const {
  uint64_t at = offset;
  while (!bytes.empty()) {
    ssize_t n = ::pread(fd_, bytes.data(), bytes.size(), static_cast<off_t>(at));
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("cannot read", path_));
    }
    if (n == 0) {
      return std::unexpected(make_error(ErrorKind::corruption, path_ + ": file ends at offset " + std::to_string(at) +
                                                                   ", expected data up to " +
                                                                   std::to_string(at + bytes.size())));
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    at += static_cast<uint64_t>(n);
  }
  return {};
}

Result<uint64_t> File::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return std::unexpected(io_error("cannot stat", path_));
  return static_cast<uint64_t>(st.st_size);
}

Result<void> File::sync() {
  if (::fsync(fd_) != 0) return std::unexpected(io_error("cannot sync", path_));
  return {};
}

Result<std::vector<uint8_t>> read_file(const std::string& path) {
  auto file = File::open_read(path);
  if (!file) return std::unexpected(file.error());
  auto size = file->size();
  if (!size) return std::unexpected(size.error());
  std::vector<uint8_t> bytes(*size);
  if (auto read = file->read_at(0, bytes); !read) return std::unexpected(read.error());
  return bytes;
}

Result<void> write_file_synced(const std::string& path, std::span<const uint8_t> bytes) {
  auto file = File::create(path);
  if (!file) return std::unexpected(file.error());
  if (auto written = file->write_all(bytes); !written) return written;
  return file->sync();
}

Result<void> sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(io_error("cannot open directory", dir));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return std::unexpected(io_error("cannot sync directory", dir));
  return {};
}

Result<void> replace_file(const std::string& dir, std::string_view name, std::span<const uint8_t> bytes) {
  const std::string target = dir + "/" + std::string(name);
  const std::string tmp = target + std::string(kTmpSuffix);
  if (auto written = write_file_synced(tmp, bytes); !written) return written;
  if (::rename(tmp.c_str(), target.c_str()) != 0)
    return std::unexpected(io_error("cannot rename " + tmp + " to", target));
  return sync_dir(dir);
}

}  // namespace vigil::storage::block
