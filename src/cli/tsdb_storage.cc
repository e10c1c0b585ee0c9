#include "cli/tsdb_storage.h"

#include <filesystem>

namespace vigil::cli {

Result<TsdbStorage> TsdbStorage::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    return std::unexpected(make_error(ErrorKind::not_found, path + ": no such storage directory"));
  }
  auto dir = storage::DataDir::open(path);
  if (!dir) {
    if (dir.error().kind == ErrorKind::unavailable) {
      dir.error().message += "; stop it first, or run the tool on a snapshot (POST /api/v1/admin/tsdb/snapshot)";
    }
    return std::unexpected(dir.error());
  }
  storage::DatabaseOptions options;
  options.maintenance_interval = std::chrono::milliseconds(0);
  options.wal.fsync = storage::wal::WalOptions::Fsync::never;
  auto database = storage::Database::open(dir->path(), std::move(options));
  if (!database) return std::unexpected(database.error());
  return TsdbStorage(std::move(*dir), std::move(*database));
}

TsdbStorage::~TsdbStorage() {
  // Nothing was written, so a failure to close loses nothing.
  if (database_) (void)database_->close();
}

}  // namespace vigil::cli
