#pragma once
// Rebuilds the head from the WAL at start-up, in one pass over the newest
// checkpoint and the segments after it.

#include <cstdint>
#include <functional>

#include "core/error.h"
#include "storage/head/head.h"
#include "storage/wal/records.h"
#include "storage/wal/wal.h"

namespace vigil::storage {

struct ReplayStats {
  uint64_t series = 0;
  uint64_t samples = 0;
  uint64_t tombstones = 0;
  // Samples read before their series record and applied when it came: an
  // appender that created a series may log it after another appender logged
  // samples for it.
  uint64_t deferred_samples = 0;
  uint64_t unknown_refs = 0;  // samples whose series record was never logged (lost with a crash)
  double seconds = 0;
};

// Where replayed tombstones go, in log order. A tombstone may name a ref
// whose series record comes later or never.
using TombstoneSink = std::function<void(const wal::RefTombstone&)>;

// Replays `wal` into `head` (which must be empty and not yet appended to).
// Samples of a ref not known yet are held back until its series record
// appears, and counted as unknown_refs if it never does. A record that does
// not decode stops replay with its error, naming the segment and offset.
Result<ReplayStats> replay_wal(const wal::Wal& wal, head::Head& head, const TombstoneSink& on_tombstone = {});

}  // namespace vigil::storage
