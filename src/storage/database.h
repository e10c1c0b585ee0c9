#pragma once
// The storage engine as the rest of Vigil sees it: a data directory holding
// the WAL (`wal/`), the immutable blocks (`blocks/<ulid>/`) and the head
// rebuilt from the WAL at open. Appends are acknowledged once logged (fsync
// per policy). A background thread cuts the head into blocks, compacts them
// and applies retention; the same steps are callable for tests and tools.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/appender.h"
#include "storage/block/block.h"
#include "storage/head/head.h"
#include "storage/querier.h"
#include "storage/wal/wal.h"
#include "storage/wal_head_log.h"
#include "storage/wal_replay.h"

namespace vigil::storage {

struct DatabaseOptions {
  head::HeadOptions head;
  wal::WalOptions wal;
  int64_t block_duration_ms = 2 * 3600 * 1000;
  int64_t retention_time_ms = 0;  // 0: no limit by time
  uint64_t retention_bytes = 0;   // blocks plus WAL; 0: no limit by size
  // How often the background thread cuts, compacts and applies retention;
  // zero: never (the owner calls maintain()).
  std::chrono::milliseconds maintenance_interval{std::chrono::minutes(1)};
  // Problems met in the background (a failed compaction is retried on the
  // next round), for the log.
  std::function<void(const std::string&)> on_warning;
};

struct DeleteStats {
  uint64_t head_series = 0;    // head series that had samples in the range
  uint64_t block_series = 0;   // block series given a tombstone (per block)
};

class Database {
 public:
  // Opens `<dir>/wal`, repairing a torn tail, and replays it into a new head;
  // opens every block, moving a corrupt one to `<dir>/corrupted/` with a
  // warning rather than refusing to start.
  static Result<std::unique_ptr<Database>> open(const std::string& dir, DatabaseOptions options = {});
  ~Database();

  Appender& appender() noexcept { return head_; }
  head::Head& head() noexcept { return head_; }
  // For checkpoints (wal/checkpoint.h) taken between appends.
  wal::Wal& wal() noexcept { return wal_; }
  const ReplayStats& replay_stats() const noexcept { return replay_stats_; }
  // What opening repaired or quarantined, for the log.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  const std::string& dir() const noexcept { return dir_; }

  // A read view over [mint, maxt] (inclusive, ms) of the head and the blocks
  // as they are now.
  Querier querier(int64_t mint, int64_t maxt) const;
  std::vector<std::shared_ptr<const block::Block>> blocks() const;
  // Bytes on disk: blocks and WAL, and the WAL alone.
  uint64_t size_bytes() const;
  uint64_t wal_bytes() const;

  // One round of the background work: cut every head range that is
  // complete into a block (truncating the head and checkpointing the WAL),
  // compact blocks, drop blocks past retention.
  Result<void> maintain();
  // Writes everything in the head into blocks, even the range still being
  // filled: afterwards samples older than the head's newest are refused as
  // out of bounds. For tools and benchmarks, not for a running server.
  Result<void> flush_head();

  // Deletes the samples in [mint, maxt] of the series matching all matchers:
  // tombstones in blocks (applied on read, removed by compaction or
  // clean_tombstones), re-encoded chunks in the head (logged to the WAL).
  Result<DeleteStats> delete_series(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt);
  // Rewrites every block that has tombstones without the deleted samples.
  Result<void> clean_tombstones();
  // A consistent copy under `<dir>/snapshots/<name>/` (blocks hard-linked,
  // the head written as a block unless skip_head) and its name.
  Result<std::string> snapshot(bool skip_head);

  // Stops the background threads and syncs the WAL. Idempotent.
  Result<void> close();

 private:
  Database(std::string dir, wal::Wal wal, std::unique_ptr<chunk::ChunkFileArena> chunk_files, DatabaseOptions options);
  Result<void> open_blocks();
  Result<void> replay();
  void sync_loop();
  void maintenance_loop();

  // With maintenance_mu_ held.
  Result<void> cut_ranges(bool include_open_range);
  Result<void> cut_head(int64_t mint, int64_t maxt);
  Result<void> compact();
  Result<void> apply_retention();
  Result<std::shared_ptr<block::Block>> add_block(const std::string& ulid);
  void replace_blocks(const std::vector<std::string>& old_ulids, std::shared_ptr<block::Block> replacement);
  std::vector<std::shared_ptr<block::Block>> writable_blocks() const;
  std::vector<std::shared_ptr<block::Block>> blocks_by_ulid(const std::vector<std::string>& ulids) const;
  int64_t newest_block_time() const;
  std::string blocks_dir() const { return dir_ + "/blocks"; }
  void warn(const std::string& message);

  const std::string dir_;
  const DatabaseOptions options_;
  wal::Wal wal_;
  WalHeadLog log_;
  std::unique_ptr<chunk::ChunkFileArena> chunk_files_;  // may be null; outlives head_'s chunks
  head::Head head_;
  ReplayStats replay_stats_;
  std::vector<std::string> warnings_;

  mutable std::shared_mutex blocks_mu_;
  std::vector<std::shared_ptr<block::Block>> blocks_;  // sorted by min_time
  std::mutex maintenance_mu_;                          // one structural change at a time

  std::mutex mu_;
  std::condition_variable wake_;
  bool closing_ = false;
  std::thread syncer_;
  std::thread maintainer_;
};

}  // namespace vigil::storage
