#pragma once
// The storage data directory, held exclusively by one process: two servers
// writing the same WAL and blocks would corrupt each other, so the second one
// is refused at start (Prometheus does the same with its lock file).

#include <string>

#include "core/error.h"

namespace vigil::storage {

class DataDir {
 public:
  // Creates `path` (and parents) if missing and takes an exclusive lock on
  // `path/lock`, which records the owner's pid.
  static Result<DataDir> open(const std::string& path);

  DataDir(DataDir&& other) noexcept;
  DataDir& operator=(DataDir&& other) noexcept;
  DataDir(const DataDir&) = delete;
  DataDir& operator=(const DataDir&) = delete;
  ~DataDir();  // releases the lock

  const std::string& path() const noexcept { return path_; }

 private:
  DataDir(std::string path, int lock_fd) : path_(std::move(path)), lock_fd_(lock_fd) {}

  std::string path_;
  int lock_fd_ = -1;
};

}  // namespace vigil::storage
