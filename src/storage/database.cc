#include "storage/database.h"

#include <chrono>

#include "storage/wal/records.h"

namespace vigil::storage {

Result<std::unique_ptr<Database>> Database::open(const std::string& dir, DatabaseOptions options) {
  auto wal = wal::Wal::open(dir + "/wal", options.wal);
  if (!wal) return std::unexpected(wal.error());
  std::unique_ptr<Database> db(new Database(std::move(*wal), options));
  if (auto replayed = db->replay(); !replayed) return std::unexpected(replayed.error());
  if (options.wal.fsync == wal::WalOptions::Fsync::interval) {
    db->syncer_ = std::thread([raw = db.get()] { raw->sync_loop(); });
  }
  return db;
}

Database::Database(wal::Wal wal, DatabaseOptions options)
    : wal_(std::move(wal)), log_(wal_), head_(options.head, &log_) {}

Database::~Database() { (void)close(); }

Result<void> Database::replay() {
  auto start = std::chrono::steady_clock::now();
  // Two passes: an appender that created a series may log it after another
  // appender logged samples for it, so all series come first.
  auto series_pass = wal_.replay([&](wal::RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    if (type != wal::RecordType::series) return {};
    auto series = wal::decode_series(payload);
    if (!series) return std::unexpected(series.error());
    for (const auto& s : *series) head_.restore_series(s.ref, s.labels);
    replay_stats_.series += series->size();
    return {};
  });
  if (!series_pass) return series_pass;
  auto samples_pass = wal_.replay([&](wal::RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    if (type != wal::RecordType::samples) return {};
    auto samples = wal::decode_samples(payload);
    if (!samples) return std::unexpected(samples.error());
    for (const auto& s : *samples) {
      if (head_.restore_sample(s.ref, s.t, s.v)) {
        ++replay_stats_.samples;
      } else {
        ++replay_stats_.unknown_refs;
      }
    }
    return {};
  });
  if (!samples_pass) return samples_pass;
  replay_stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {};
}

void Database::sync_loop() {
  std::unique_lock lock(mu_);
  while (!closing_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    if (closing_) break;
    lock.unlock();
    // A failed background sync is retried on the next tick and at close().
    (void)wal_.sync_if_due(std::chrono::steady_clock::now());
    lock.lock();
  }
}

Result<void> Database::close() {
  {
    std::lock_guard lock(mu_);
    if (closing_) return {};
    closing_ = true;
  }
  wake_.notify_all();
  if (syncer_.joinable()) syncer_.join();
  return wal_.close();
}

}  // namespace vigil::storage
