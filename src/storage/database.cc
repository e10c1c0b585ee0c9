#include "storage/database.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <random>

#include <fmt/core.h>

#include "storage/compaction/block_writing.h"
#include "storage/compaction/plan.h"
#include "storage/wal/checkpoint.h"
#include "storage/wal/records.h"

namespace vigil::storage {
namespace fs = std::filesystem;
namespace {

uint64_t directory_bytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

std::vector<compaction::BlockSpan> spans_of(const std::vector<std::shared_ptr<block::Block>>& blocks) {
  std::vector<compaction::BlockSpan> spans;
  for (const auto& b : blocks) {
    spans.push_back({b->meta().ulid, b->meta().min_time, b->meta().max_time, b->size_bytes()});
  }
  return spans;
}

// Prometheus's snapshot names: UTC time and 64 random bits.
std::string snapshot_name() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char when[32];
  std::strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", &utc);
  std::random_device random;
  uint64_t bits = (uint64_t{random()} << 32) | random();
  return fmt::format("{}-{:016x}", when, bits);
}

Result<void> link_block(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    if (ec) break;
    fs::create_hard_link(entry.path(), to / entry.path().filename(), ec);
    if (ec) break;
  }
  if (ec) return std::unexpected(make_error(ErrorKind::io, fmt::format("snapshot of {}: {}", from.string(), ec.message())));
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& dir, DatabaseOptions options) {
  auto wal = wal::Wal::open(dir + "/wal", options.wal);
  if (!wal) return std::unexpected(wal.error());
  // Without chunk files the head keeps its closed chunks on the heap: more
  // memory, nothing lost.
  std::string chunk_files_warning;
  auto chunk_files = chunk::ChunkFileArena::open(dir + "/chunks_head");
  if (!chunk_files) {
    chunk_files_warning = "closed head chunks stay in memory: " + chunk_files.error().message;
    chunk_files = nullptr;
  }
  options.head.chunk_files = chunk_files->get();
  std::unique_ptr<Database> db(new Database(dir, std::move(*wal), std::move(*chunk_files), std::move(options)));
  db->warnings_ = db->wal_.warnings();
  if (!chunk_files_warning.empty()) db->warnings_.push_back(chunk_files_warning);
  if (auto opened = db->open_blocks(); !opened) return std::unexpected(opened.error());
  if (auto replayed = db->replay(); !replayed) return std::unexpected(replayed.error());
  // Samples older than the newest block were cut into it before a crash
  // stopped the WAL checkpoint; the block has them.
  const int64_t cut = db->newest_block_time();
  if (cut != INT64_MIN) {
    db->head_.set_min_valid_time(cut);
    db->head_.truncate_before(cut);
  }
  if (db->options_.wal.fsync == wal::WalOptions::Fsync::interval) {
    db->syncer_ = std::thread([raw = db.get()] { raw->sync_loop(); });
  }
  if (db->options_.maintenance_interval.count() > 0) {
    db->maintainer_ = std::thread([raw = db.get()] { raw->maintenance_loop(); });
  }
  return db;
}

Database::Database(std::string dir, wal::Wal wal, std::unique_ptr<chunk::ChunkFileArena> chunk_files,
                   DatabaseOptions options)
    : dir_(std::move(dir)),
      options_(std::move(options)),
      wal_(std::move(wal)),
      log_(wal_),
      chunk_files_(std::move(chunk_files)),
      head_(options_.head, &log_) {}

Database::~Database() { (void)close(); }

void Database::warn(const std::string& message) {
  if (options_.on_warning) options_.on_warning(message);
}

Result<void> Database::open_blocks() {
  std::error_code ec;
  fs::create_directories(blocks_dir(), ec);
  if (ec) return std::unexpected(make_error(ErrorKind::io, fmt::format("cannot create {}: {}", blocks_dir(), ec.message())));
  block::remove_incomplete_blocks(blocks_dir());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(blocks_dir(), ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (auto added = add_block(name); !added) {
      const fs::path quarantine = fs::path(dir_) / "corrupted" / name;
      fs::create_directories(quarantine.parent_path(), ec);
      fs::rename(fs::path(blocks_dir()) / name, quarantine, ec);
      warnings_.push_back(fmt::format("{}; moved to {}{}", added.error().message, quarantine.string(),
                                      ec ? " failed: " + ec.message() : ""));
    }
  }
  // A crash between publishing a compacted block and deleting its sources
  // leaves both: the sources are redundant.
  std::vector<std::string> redundant;
  {
    std::shared_lock lock(blocks_mu_);
    for (const auto& b : blocks_) {
      for (const auto& source : b->meta().sources) {
        if (source != b->meta().ulid) redundant.push_back(source);
      }
    }
  }
  replace_blocks(redundant, nullptr);
  return {};
}

Result<std::shared_ptr<block::Block>> Database::add_block(const std::string& ulid) {
  auto opened = block::Block::open(blocks_dir() + "/" + ulid);
  if (!opened) return std::unexpected(opened.error());
  std::shared_ptr<block::Block> b = std::move(*opened);
  std::unique_lock lock(blocks_mu_);
  auto at = std::upper_bound(blocks_.begin(), blocks_.end(), b, [](const auto& x, const auto& y) {
    return x->meta().min_time < y->meta().min_time;
  });
  blocks_.insert(at, b);
  return b;
}

void Database::replace_blocks(const std::vector<std::string>& old_ulids, std::shared_ptr<block::Block> replacement) {
  std::vector<std::shared_ptr<block::Block>> removed;
  {
    std::unique_lock lock(blocks_mu_);
    std::erase_if(blocks_, [&](const auto& b) {
      if (replacement && b == replacement) return false;
      bool drop = std::find(old_ulids.begin(), old_ulids.end(), b->meta().ulid) != old_ulids.end();
      if (drop) removed.push_back(b);
      return drop;
    });
  }
  // Queries still holding a removed block keep reading its open files.
  for (const auto& b : removed) {
    std::error_code ec;
    fs::remove_all(b->dir(), ec);
    if (ec) warn(fmt::format("cannot delete block {}: {}", b->dir(), ec.message()));
  }
}

std::vector<std::shared_ptr<block::Block>> Database::blocks_by_ulid(const std::vector<std::string>& ulids) const {
  std::shared_lock lock(blocks_mu_);
  std::vector<std::shared_ptr<block::Block>> out;
  for (const auto& b : blocks_) {
    if (std::find(ulids.begin(), ulids.end(), b->meta().ulid) != ulids.end()) out.push_back(b);
  }
  return out;
}

int64_t Database::newest_block_time() const {
  std::shared_lock lock(blocks_mu_);
  int64_t newest = INT64_MIN;
  for (const auto& b : blocks_) newest = std::max(newest, b->meta().max_time);
  return newest;
}

std::vector<std::shared_ptr<block::Block>> Database::writable_blocks() const {
  std::shared_lock lock(blocks_mu_);
  return blocks_;
}

std::vector<std::shared_ptr<const block::Block>> Database::blocks() const {
  std::shared_lock lock(blocks_mu_);
  return {blocks_.begin(), blocks_.end()};
}

Querier Database::querier(int64_t mint, int64_t maxt) const { return Querier(head_, blocks(), mint, maxt); }

uint64_t Database::wal_bytes() const { return directory_bytes(wal_.dir()); }

uint64_t Database::size_bytes() const {
  uint64_t total = wal_bytes();
  for (const auto& b : blocks()) total += b->size_bytes();
  return total;
}

Result<void> Database::replay() {
  auto stats = replay_wal(wal_, head_, [this](const wal::RefTombstone& stone) {
    head_.delete_ref_range(stone.ref, stone.min_t, stone.max_t);
  });
  if (!stats) return std::unexpected(stats.error());
  replay_stats_ = *stats;
  return {};
}

Result<void> Database::cut_head(int64_t mint, int64_t maxt) {
  // New samples before maxt are refused from here on, so the block written
  // next holds every sample of its range that was ever acknowledged.
  head_.set_min_valid_time(maxt);
  auto written = compaction::write_head_block(head_, blocks_dir(), mint, maxt);
  if (!written) return std::unexpected(written.error());
  if (*written) {
    if (auto added = add_block((*written)->ulid); !added) return std::unexpected(added.error());
  }
  head_.truncate_before(maxt);
  if (chunk_files_ != nullptr) chunk_files_->trim();  // an emptied head keeps no chunk files
  // The WAL keeps only what the head still holds.
  auto closed = wal_.cut_segment();
  if (!closed) return std::unexpected(closed.error());
  auto kept = wal::write_checkpoint(
      wal_, *closed, [this](uint64_t ref) { return head_.contains(ref); }, maxt);
  if (!kept) return std::unexpected(kept.error());
  return wal_.truncate_before(*closed + 1);
}

Result<void> Database::compact() {
  compaction::PlanOptions plan_options{.block_duration_ms = options_.block_duration_ms,
                                       .retention_time_ms = options_.retention_time_ms};
  for (;;) {
    std::vector<std::string> group;
    {
      std::shared_lock lock(blocks_mu_);
      group = compaction::plan_compaction(spans_of(blocks_), plan_options);
    }
    if (group.empty()) return {};
    auto sources = blocks_by_ulid(group);
    std::vector<std::shared_ptr<const block::Block>> readers(sources.begin(), sources.end());
    auto merged = compaction::merge_blocks(readers, blocks_dir());
    if (!merged) return std::unexpected(merged.error());
    std::shared_ptr<block::Block> replacement;
    if (*merged) {
      auto added = add_block((*merged)->ulid);
      if (!added) return std::unexpected(added.error());
      replacement = *added;
    }
    replace_blocks(group, replacement);
  }
}

Result<void> Database::apply_retention() {
  if (options_.retention_time_ms <= 0 && options_.retention_bytes == 0) return {};
  int64_t newest = std::max(newest_block_time(), head_.num_series() > 0 ? head_.max_time() : INT64_MIN);
  std::vector<std::string> drop;
  {
    std::shared_lock lock(blocks_mu_);
    drop = compaction::plan_retention(spans_of(blocks_), newest, options_.retention_time_ms,
                                      options_.retention_bytes, wal_bytes());
  }
  replace_blocks(drop, nullptr);
  return {};
}

Result<void> Database::cut_ranges(bool include_open_range) {
  const int64_t range = options_.block_duration_ms;
  while (head_.num_series() > 0) {
    const int64_t oldest = std::max(head_.min_time(), head_.min_valid_time());
    // Like Prometheus, a range is cut once the head spans one and a half
    // block ranges, so that the newest half range stays writable for late
    // samples; a flush cuts everything.
    const int64_t needed_span = include_open_range ? 0 : range + range / 2;
    if (oldest > head_.max_time() || head_.max_time() - oldest < needed_span) break;
    const int64_t start = compaction::align_down(oldest, range);
    if (auto cut = cut_head(start, start + range); !cut) return cut;
  }
  if (auto compacted = compact(); !compacted) return compacted;
  return apply_retention();
}

Result<void> Database::maintain() {
  std::lock_guard lock(maintenance_mu_);
  return cut_ranges(/*include_open_range=*/false);
}

Result<void> Database::flush_head() {
  std::lock_guard lock(maintenance_mu_);
  return cut_ranges(/*include_open_range=*/true);
}

Result<DeleteStats> Database::delete_series(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt) {
  std::lock_guard lock(maintenance_mu_);
  DeleteStats stats;
  for (const auto& b : writable_blocks()) {
    if (b->meta().max_time <= mint || b->meta().min_time > maxt) continue;
    std::vector<block::Tombstone> stones;
    for (uint32_t id : b->select(matchers)) stones.push_back({id, mint, maxt});
    if (stones.empty()) continue;
    if (auto added = b->add_tombstones(stones); !added) return std::unexpected(added.error());
    stats.block_series += stones.size();
  }
  head::DeleteStats deleted = head_.delete_range(matchers, mint, maxt);
  stats.head_series = deleted.series.size();
  if (!deleted.series.empty()) {
    std::vector<wal::RefTombstone> stones;
    for (const auto& series : deleted.series) stones.push_back({series.ref, mint, maxt});
    std::vector<uint8_t> payload;
    wal::encode_tombstones(stones, payload);
    if (auto logged = wal_.log(wal::RecordType::tombstones, payload); !logged) return std::unexpected(logged.error());
    if (auto committed = wal_.commit(); !committed) return std::unexpected(committed.error());
  }
  return stats;
}

Result<void> Database::clean_tombstones() {
  std::lock_guard lock(maintenance_mu_);
  for (const auto& b : writable_blocks()) {
    if (!b->has_tombstones()) continue;
    std::shared_ptr<const block::Block> source = b;
    auto rewritten = compaction::merge_blocks(std::span(&source, 1), blocks_dir());
    if (!rewritten) return std::unexpected(rewritten.error());
    std::shared_ptr<block::Block> replacement;
    if (*rewritten) {
      auto added = add_block((*rewritten)->ulid);
      if (!added) return std::unexpected(added.error());
      replacement = *added;
    }
    replace_blocks({b->meta().ulid}, replacement);
  }
  return {};
}

Result<std::string> Database::snapshot(bool skip_head) {
  std::lock_guard lock(maintenance_mu_);
  const std::string name = snapshot_name();
  const fs::path target = fs::path(dir_) / "snapshots" / name;
  std::error_code ec;
  fs::create_directories(target, ec);
  if (ec) return std::unexpected(make_error(ErrorKind::io, fmt::format("cannot create {}: {}", target.string(), ec.message())));
  for (const auto& b : blocks()) {
    if (auto linked = link_block(b->dir(), target / b->meta().ulid); !linked) return std::unexpected(linked.error());
  }
  if (!skip_head && head_.num_series() > 0) {
    const int64_t oldest = std::max(head_.min_time(), head_.min_valid_time());
    auto written = compaction::write_head_block(head_, target.string(), oldest, head_.max_time() + 1);
    if (!written) return std::unexpected(written.error());
  }
  return name;
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

void Database::maintenance_loop() {
  std::unique_lock lock(mu_);
  while (!closing_) {
    wake_.wait_for(lock, options_.maintenance_interval);
    if (closing_) break;
    lock.unlock();
    if (auto done = maintain(); !done) warn("storage maintenance failed, retrying next round: " + done.error().message);
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
  if (maintainer_.joinable()) maintainer_.join();
  return wal_.close();
}

}  // namespace vigil::storage
