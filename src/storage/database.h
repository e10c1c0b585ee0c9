#pragma once
// The storage engine as the rest of Vigil sees it: a data directory holding
// the WAL, and the head rebuilt from it at open. Appends are acknowledged once
// logged (fsync per policy); close() makes everything durable.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/appender.h"
#include "storage/head/head.h"
#include "storage/wal/wal.h"
#include "storage/wal_head_log.h"

namespace vigil::storage {

struct DatabaseOptions {
  head::HeadOptions head;
  wal::WalOptions wal;
};

struct ReplayStats {
  uint64_t series = 0;
  uint64_t samples = 0;
  uint64_t unknown_refs = 0;  // samples whose series record was never logged (lost with a crash)
  double seconds = 0;
};

class Database {
 public:
  // Opens `<dir>/wal`, repairing a torn tail, and replays it into a new head.
  static Result<std::unique_ptr<Database>> open(const std::string& dir, DatabaseOptions options = {});
  ~Database();

  Appender& appender() noexcept { return head_; }
  head::Head& head() noexcept { return head_; }
  const ReplayStats& replay_stats() const noexcept { return replay_stats_; }
  // What opening repaired (torn WAL tails), for the log.
  const std::vector<std::string>& warnings() const noexcept { return wal_.warnings(); }

  // Stops the background fsync and syncs the WAL. Idempotent.
  Result<void> close();

 private:
  Database(wal::Wal wal, DatabaseOptions options);
  Result<void> replay();
  void sync_loop();

  wal::Wal wal_;
  WalHeadLog log_;
  head::Head head_;
  ReplayStats replay_stats_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool closing_ = false;
  std::thread syncer_;
};

}  // namespace vigil::storage
