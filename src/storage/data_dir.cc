#include "storage/data_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

namespace vigil::storage {
namespace {

std::string read_owner_pid(const std::string& lock_path) {
  std::ifstream in(lock_path);
  std::string pid;
  std::getline(in, pid);
  return pid;
}

}  // namespace

Result<DataDir> DataDir::open(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) {
    return std::unexpected(make_error(
        ErrorKind::io, "cannot create data directory " + path + ": " + ec.message()));
  }
  if (!std::filesystem::is_directory(path, ec)) {
    return std::unexpected(
        make_error(ErrorKind::io, "data directory " + path + " is not a directory"));
  }
  const std::string lock_path = path + "/lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return std::unexpected(make_error(
        ErrorKind::io, "cannot open lock file " + lock_path + ": " + std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      std::string owner = read_owner_pid(lock_path);
      return std::unexpected(make_error(
          ErrorKind::unavailable,
          "data directory " + path + " is in use by another vigil process" +
              (owner.empty() ? std::string() : " (pid " + owner + ")")));
    }
    return std::unexpected(make_error(
        ErrorKind::io, "cannot lock " + lock_path + ": " + std::strerror(err)));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    int err = errno;
    ::close(fd);
    return std::unexpected(make_error(
        ErrorKind::io, "cannot write lock file " + lock_path + ": " + std::strerror(err)));
  }
  return DataDir(path, fd);
}

DataDir::DataDir(DataDir&& other) noexcept
    : path_(std::move(other.path_)), lock_fd_(std::exchange(other.lock_fd_, -1)) {}

DataDir& DataDir::operator=(DataDir&& other) noexcept {
  if (this != &other) {
    if (lock_fd_ >= 0) ::close(lock_fd_);
    path_ = std::move(other.path_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

DataDir::~DataDir() {
  // Closing the descriptor releases the flock; the file stays, as Prometheus's does.
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace vigil::storage
