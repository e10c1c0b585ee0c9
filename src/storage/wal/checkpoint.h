#pragma once
// WAL checkpoints (Prometheus's design): the state that a run of old segments
// still contributes — series that are still wanted, their recent samples and
// tombstones — rewritten compactly so that the segments can be deleted and
// replay time stays bounded.
//
// A checkpoint is the directory `<wal_dir>/checkpoint.NNNNNNNN`, named after
// the last segment it covers, holding segment files in the normal WAL segment
// format (docs/storage-format.md). It is written as `checkpoint.N.tmp`,
// fsynced and renamed, so it exists whole or not at all. Replay reads the
// newest checkpoint first, then only the segments after N.
//
// The database's sequence:
//   auto last = wal.cut_segment();          // appends continue in a new segment
//   write_checkpoint(wal, *last, keep, min_time);
//   wal.truncate_before(*last + 1);
// A crash between any two steps is harmless: a leftover `.tmp` is deleted by
// Wal::open, and segments <= N left behind by a missed truncate are skipped
// (and deleted) because the checkpoint already holds what mattered in them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/wal/wal.h"

namespace vigil::storage::wal {

struct CheckpointStats {
  uint32_t index = 0;  // the last segment covered
  std::string path;
  uint64_t series_read = 0, series_kept = 0;
  uint64_t samples_read = 0, samples_kept = 0;
  uint64_t tombstones_read = 0, tombstones_kept = 0;
  uint64_t bytes_written = 0;
};

// Writes `<wal_dir>/checkpoint.<last_segment>` from the previous checkpoint
// (if any) and the segments up to `last_segment`, keeping the series records
// of refs for which `keep(ref)` is true, their samples with t >= min_time and
// their tombstones that still reach t >= min_time; then deletes older
// checkpoints. `last_segment` must be closed (before Wal::current_segment(),
// see Wal::cut_segment) and newer than the previous checkpoint. The caller
// then calls Wal::truncate_before(last_segment + 1). Safe to call while other
// threads append: it only reads closed segments.
Result<CheckpointStats> write_checkpoint(Wal& wal, uint32_t last_segment, const std::function<bool(uint64_t ref)>& keep,
                                         int64_t min_time);

// The checkpoint directories of `wal_dir` as named above, oldest first;
// `.tmp` leftovers and other entries are not included.
struct CheckpointDir {
  uint32_t index = 0;
  std::string path;
};
Result<std::vector<CheckpointDir>> list_checkpoints(const std::string& wal_dir);
std::string checkpoint_path(const std::string& wal_dir, uint32_t index);

// Calls `fn` for every record of the checkpoint directory `path`, in order.
// A missing segment file or a record that does not read back (a bit flip: a
// published checkpoint has no torn tail) is an ErrorKind::corruption error
// naming the file and offset; the records before it have been passed to fn.
Result<void> read_checkpoint(const std::string& path, const Wal::RecordFn& fn);

// For Wal::open: deletes leftover `checkpoint.*.tmp` directories and checks
// that the newest checkpoint reads back. A damaged one cannot simply be
// refused — the segments it replaced are gone — so it is moved aside to
// `corrupted-checkpoint.N` (kept for inspection) and replaced by a
// checkpoint.N of the records before the damage, with a warning naming both.
// Returns the newest checkpoint's index, if there is one.
Result<std::optional<uint32_t>> repair_checkpoints(const std::string& wal_dir, uint64_t segment_bytes,
                                                   std::vector<std::string>& warnings);

}  // namespace vigil::storage::wal
