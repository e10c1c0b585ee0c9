// The process the crash-loop test kills: opens a database and appends the
// crash workload forever, printing "acked <k>" once batch k's append
// returned, with periodic maintenance in between.
//
// Usage: vigil_storage_crash_child DIR always|interval|never FIRST_BATCH MAINTENANCE_EVERY

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "storage/crash_workload.h"
#include "storage/database.h"

namespace {

using namespace vigil;
using namespace vigil::storage;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "crash child: %s\n", what.c_str());
  std::exit(1);
}

// The background work a server does between appends, run every few batches
// so that kill -9 also lands in the middle of it: cutting the head into
// blocks (which checkpoints the WAL), compacting blocks.
Result<void> maintenance(Database& db) { return db.maintain(); }

wal::WalOptions::Fsync parse_fsync(const std::string& s) {
  if (s == "always") return wal::WalOptions::Fsync::always;
  if (s == "interval") return wal::WalOptions::Fsync::interval;
  if (s == "never") return wal::WalOptions::Fsync::never;
  fail("unknown fsync policy " + s);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) fail("usage: vigil_storage_crash_child DIR always|interval|never FIRST_BATCH MAINTENANCE_EVERY");
  DatabaseOptions options;
  options.wal.fsync = parse_fsync(argv[2]);
  // Small segments so that rotation and checkpoints cover several files.
  options.wal.segment_bytes = 256 << 10;
  // Batches are 1 s apart: a block every 10 batches, compactions every 30.
  options.block_duration_ms = crash::kBlockDurationMs;
  options.maintenance_interval = std::chrono::milliseconds(0);
  const int64_t first = std::atoll(argv[3]);
  const int64_t maintenance_every = std::atoll(argv[4]);

  auto db = Database::open(argv[1], options);
  if (!db) fail(db.error().message);
  std::vector<SeriesSamples> batch;
  for (uint32_t i = 0; i < crash::kSeries; ++i) batch.push_back({crash::series_labels(i), {Sample{}}});
  for (int64_t k = first;; ++k) {
    for (uint32_t i = 0; i < crash::kSeries; ++i)
      batch[i].samples[0] = {crash::batch_time(k), crash::sample_value(i, k)};
    auto appended = (*db)->appender().append(batch);
    if (!appended) fail("batch " + std::to_string(k) + ": " + appended.error().message);
    if (!appended->rejects.empty()) fail("batch " + std::to_string(k) + ": " + appended->first_error);
    std::printf("acked %lld\n", static_cast<long long>(k));
    std::fflush(stdout);
    if (maintenance_every > 0 && (k + 1) % maintenance_every == 0) {
      if (auto done = maintenance(**db); !done)
        fail("maintenance after batch " + std::to_string(k) + ": " + done.error().message);
    }
  }
}
