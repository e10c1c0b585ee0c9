#pragma once
// The write-ahead log: a directory of segment files (docs/storage-format.md,
// "WAL segments"). Appends go to the last segment; a new one starts when the
// current one would grow past WalOptions::segment_bytes. Opening never fails
// because of a torn tail: the damaged end is cut off and reported in
// warnings(), since a crash mid-write is the normal way for a WAL to end.
// Checkpoints (checkpoint.h) replace the segments up to one point; replay
// reads the newest checkpoint and then the segments after it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/wal/record_format.h"
#include "storage/wal/segment_files.h"
#include "storage/wal/segment_writer.h"

namespace vigil::storage::wal {

struct WalOptions {
  // always: every commit() is durable before it returns. interval: data
  // committed within the last fsync_interval may be lost on a power cut (not
  // on a process crash). never: the kernel decides.
  enum class Fsync { always, interval, never };

  uint64_t segment_bytes = kDefaultSegmentBytes;
  Fsync fsync = Fsync::interval;
  std::chrono::milliseconds fsync_interval{1000};
};

class Wal {
 public:
  using RecordFn = std::function<Result<void>(RecordType, std::span<const uint8_t>)>;

  // Creates `dir` if missing. A torn or corrupt last segment is truncated to
  // its last good record; corruption in an earlier segment truncates that
  // segment and deletes every later one, because records after a hole cannot
  // be replayed in order. Both are reported in warnings(). Checkpoints are
  // repaired first (repair_checkpoints: leftover .tmp directories deleted, a
  // damaged newest checkpoint moved aside and replaced by its readable part),
  // and segments the newest checkpoint covers — left by a crash before
  // truncate_before — are deleted.
  static Result<Wal> open(std::string dir, WalOptions options = {});

  Wal(Wal&&) noexcept = default;
  Wal& operator=(Wal&&) = delete;

  // Buffers a record in the current segment. Callers log a batch and then
  // commit() once (group commit); nothing is durable before commit().
  Result<void> log(RecordType type, std::span<const uint8_t> payload);
  // Writes buffered records to the file, and fdatasyncs with Fsync::always.
  Result<void> commit();
  // With Fsync::interval, syncs when fsync_interval has passed since the last
  // sync; the owner calls it from a timer. The clock is a parameter so that
  // tests control it.
  Result<void> sync_if_due(std::chrono::steady_clock::time_point now);
  // Flushes and syncs whatever the policy; log() fails afterwards.
  Result<void> close();

  // Calls `fn` for every record of the newest checkpoint and then of every
  // segment after it, in order. Stops at the first error, from `fn` or from a
  // record that no longer reads back. Meant for start-up, before logging:
  // records not yet committed are not seen, and one being written at the same
  // time may read as torn.
  Result<void> replay(const RecordFn& fn) const;
  // The same for the segments from `from_segment` on, without a checkpoint.
  Result<void> replay(uint32_t from_segment, const RecordFn& fn) const;
  // The records of one segment file (also one inside a checkpoint).
  static Result<void> replay_segment(const std::string& path, const RecordFn& fn);

  Result<std::vector<SegmentFile>> segments() const;
  // Closes the current segment and starts the next one, so that everything
  // logged so far can be checkpointed while appends continue. Returns the
  // index of the segment just closed.
  Result<uint32_t> cut_segment();
  // Deletes the segment files before `index` (their records are in a
  // checkpoint). The current segment cannot be deleted.
  Result<void> truncate_before(uint32_t index);

  // What open() repaired: file, offset and reason, one line each.
  const std::vector<std::string>& warnings() const { return warnings_; }
  const std::string& dir() const { return dir_; }
  const WalOptions& options() const { return options_; }
  uint32_t current_segment() const;
  // fdatasync calls so far, for metrics and tests of the fsync policy.
  uint64_t sync_count() const;

 private:
  Wal(std::string dir, WalOptions options) : dir_(std::move(dir)), options_(options) {}

  Result<void> repair(std::vector<SegmentFile>& files);
  Result<void> delete_checkpointed(std::vector<SegmentFile>& files, uint32_t checkpoint);
  Result<void> rotate();
  Result<void> sync_locked();

  std::string dir_;
  WalOptions options_;
  std::vector<std::string> warnings_;
  // Behind a pointer so that Wal can be moved out of open()'s Result.
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();
  std::optional<SegmentWriter> writer_;  // empty after close()
  uint32_t current_ = 0;
  uint64_t sync_count_ = 0;
  std::optional<std::chrono::steady_clock::time_point> last_sync_;
};

}  // namespace vigil::storage::wal
