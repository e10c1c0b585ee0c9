#pragma once
// The storage directory as the offline tools (`vigil tsdb ...`) open it: under
// the data directory's lock, so that they refuse while a server runs on it,
// with no background work and no fsync, and closed without flushing the head,
// so that looking leaves the directory as it was (apart from the repairs
// opening always makes: a torn WAL tail, a corrupt block set aside).

#include <memory>
#include <string>

#include "core/error.h"
#include "storage/data_dir.h"
#include "storage/database.h"

namespace vigil::cli {

class TsdbStorage {
 public:
  // Fails for a path that is not an existing directory rather than creating it.
  static Result<TsdbStorage> open(const std::string& path);

  TsdbStorage(TsdbStorage&&) noexcept = default;
  TsdbStorage& operator=(TsdbStorage&&) noexcept = default;
  ~TsdbStorage();  // closes the database, then releases the lock

  storage::Database& database() noexcept { return *database_; }

 private:
  TsdbStorage(storage::DataDir dir, std::unique_ptr<storage::Database> database)
      : dir_(std::move(dir)), database_(std::move(database)) {}

  storage::DataDir dir_;
  std::unique_ptr<storage::Database> database_;
};

}  // namespace vigil::cli
