#include "storage/wal/checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>

#include "storage/wal/records.h"
#include "storage/wal/segment_files.h"
#include "storage/wal/segment_writer.h"

namespace vigil::storage::wal {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "checkpoint.";
constexpr std::string_view kTmpSuffix = ".tmp";
constexpr std::string_view kQuarantinePrefix = "corrupted-";
constexpr size_t kIndexDigits = 8;

Error fs_error(const std::string& what, const std::string& path, const std::error_code& ec) {
  return make_error(ErrorKind::io, what + " " + path + ": " + ec.message());
}

bool parse_index(std::string_view digits, uint32_t& index) {
  if (digits.size() != kIndexDigits) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return false;
  index = static_cast<uint32_t>(v);
  return true;
}

// Writes records into the segment files of `<final>.tmp`, then publishes the
// directory under its final name: synced files, synced directory, rename,
// synced parent, so that a crash leaves either nothing or the whole thing.
class CheckpointWriter {
 public:
  static Result<CheckpointWriter> create(std::string final_path, uint64_t segment_bytes) {
    CheckpointWriter w(std::move(final_path), segment_bytes);
    std::error_code ec;
    fs::remove_all(w.tmp_, ec);
    if (ec) return std::unexpected(fs_error("cannot delete", w.tmp_, ec));
    fs::create_directory(w.tmp_, ec);
    if (ec) return std::unexpected(fs_error("cannot create checkpoint directory", w.tmp_, ec));
    auto first = SegmentWriter::open(segment_path(w.tmp_, 0));
    if (!first) return std::unexpected(first.error());
    w.writer_.emplace(std::move(*first));
    return w;
  }

  CheckpointWriter(CheckpointWriter&&) noexcept = default;
  // An unpublished checkpoint is deleted, so a failed attempt leaves nothing.
  ~CheckpointWriter() {
    if (published_ || tmp_.empty()) return;
    writer_.reset();
    std::error_code ec;
    fs::remove_all(tmp_, ec);
  }

  Result<void> add(RecordType type, std::span<const uint8_t> payload) {
    uint64_t record_bytes = kRecordHeaderBytes + payload.size();
    if (writer_->size() > 0 && writer_->size() + record_bytes > segment_bytes_) {
      if (auto ok = writer_->sync(); !ok) return ok;
      auto next = SegmentWriter::open(segment_path(tmp_, ++segment_));
      if (!next) return std::unexpected(next.error());
      writer_.reset();
      writer_.emplace(std::move(*next));
    }
    bytes_ += record_bytes;
    return writer_->add(type, payload);
  }

  Result<void> publish() {
    if (auto ok = writer_->sync(); !ok) return ok;
    writer_.reset();
    if (auto ok = sync_dir(tmp_); !ok) return ok;
    std::error_code ec;
    fs::rename(tmp_, final_, ec);
    if (ec) return std::unexpected(fs_error("cannot rename checkpoint " + tmp_ + " to", final_, ec));
    published_ = true;
    return sync_dir(fs::path(final_).parent_path().string());
  }

  uint64_t bytes() const { return bytes_; }
  const std::string& path() const { return final_; }

 private:
  CheckpointWriter(std::string final_path, uint64_t segment_bytes)
      : final_(std::move(final_path)), tmp_(final_ + std::string(kTmpSuffix)), segment_bytes_(segment_bytes) {}

  std::string final_;
  std::string tmp_;
  uint64_t segment_bytes_;
  std::optional<SegmentWriter> writer_;
  uint32_t segment_ = 0;
  uint64_t bytes_ = 0;
  bool published_ = false;
};

// What write_checkpoint keeps of one record, re-encoded into `out`; false
// when nothing is left of it.
class RecordFilter {
 public:
  RecordFilter(const std::function<bool(uint64_t)>& keep, int64_t min_time, CheckpointStats& stats)
      : keep_(keep), min_time_(min_time), stats_(stats) {}

  Result<bool> filter(RecordType type, std::span<const uint8_t> payload, std::vector<uint8_t>& out) {
    switch (type) {
      case RecordType::series: {
        auto decoded = decode_series(payload);
        if (!decoded) return std::unexpected(decoded.error());
        stats_.series_read += decoded->size();
        std::erase_if(*decoded, [&](const RefSeries& s) { return !keep_(s.ref); });
        stats_.series_kept += decoded->size();
        if (decoded->empty()) return false;
        encode_series(*decoded, out);
        return true;
      }
      case RecordType::samples: {
        auto decoded = decode_samples(payload);
        if (!decoded) return std::unexpected(decoded.error());
        stats_.samples_read += decoded->size();
        std::erase_if(*decoded, [&](const RefSample& s) { return s.t < min_time_ || !keep_(s.ref); });
        stats_.samples_kept += decoded->size();
        if (decoded->empty()) return false;
        encode_samples(*decoded, out);
        return true;
      }
      case RecordType::tombstones: {
        auto decoded = decode_tombstones(payload);
        if (!decoded) return std::unexpected(decoded.error());
        stats_.tombstones_read += decoded->size();
        std::erase_if(*decoded, [&](const RefTombstone& s) { return s.max_t < min_time_ || !keep_(s.ref); });
        stats_.tombstones_kept += decoded->size();
        if (decoded->empty()) return false;
        encode_tombstones(*decoded, out);
        return true;
      }
    }
    return std::unexpected(make_error(ErrorKind::internal, "unknown WAL record type"));
  }

 private:
  const std::function<bool(uint64_t)>& keep_;
  int64_t min_time_;
  CheckpointStats& stats_;
};

// A name in `wal_dir` that is not taken yet, for moving a damaged checkpoint aside.
std::string quarantine_path(const std::string& wal_dir, const std::string& name) {
  std::string base = (fs::path(wal_dir) / (std::string(kQuarantinePrefix) + name)).string();
  std::string candidate = base;
  std::error_code ec;
  for (int n = 1; fs::exists(candidate, ec); ++n) candidate = base + "." + std::to_string(n);
  return candidate;
}

}  // namespace

std::string checkpoint_path(const std::string& wal_dir, uint32_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "checkpoint.%08u", index);
  return (fs::path(wal_dir) / name).string();
}

Result<std::vector<CheckpointDir>> list_checkpoints(const std::string& wal_dir) {
  std::vector<CheckpointDir> out;
  std::error_code ec;
  for (fs::directory_iterator it(wal_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    uint32_t index = 0;
    if (!name.starts_with(kPrefix) || !parse_index(std::string_view(name).substr(kPrefix.size()), index)) continue;
    if (!it->is_directory(ec)) continue;
    out.push_back(CheckpointDir{index, it->path().string()});
  }
  if (ec) return std::unexpected(fs_error("cannot list WAL directory", wal_dir, ec));
  std::sort(out.begin(), out.end(), [](const CheckpointDir& a, const CheckpointDir& b) { return a.index < b.index; });
  return out;
}

Result<void> read_checkpoint(const std::string& path, const Wal::RecordFn& fn) {
  auto files = list_segments(path);
  if (!files) return std::unexpected(files.error());
  for (size_t i = 0; i < files->size(); ++i) {
    // Numbered from 0 without holes; a gap means a file was lost.
    if ((*files)[i].index != i) {
      return std::unexpected(make_error(
          ErrorKind::corruption,
          "WAL checkpoint " + path + ": segment " + segment_path(path, static_cast<uint32_t>(i)) + " is missing"));
    }
    if (auto ok = Wal::replay_segment((*files)[i].path, fn); !ok) return ok;
  }
  return {};
}

Result<CheckpointStats> write_checkpoint(Wal& wal, uint32_t last_segment, const std::function<bool(uint64_t ref)>& keep,
                                         int64_t min_time) {
  const std::string& dir = wal.dir();
  if (last_segment >= wal.current_segment()) {
    return std::unexpected(make_error(
        ErrorKind::invalid_argument, "cannot checkpoint WAL " + dir + " up to segment " + std::to_string(last_segment) +
                                         ": it is still being written (cut a segment first)"));
  }
  auto checkpoints = list_checkpoints(dir);
  if (!checkpoints) return std::unexpected(checkpoints.error());
  std::optional<CheckpointDir> previous;
  if (!checkpoints->empty()) previous = checkpoints->back();
  if (previous && previous->index >= last_segment) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "cannot checkpoint WAL " + dir + " up to segment " +
                                                                       std::to_string(last_segment) + ": " +
                                                                       previous->path + " already covers it"));
  }
  auto segments = wal.segments();
  if (!segments) return std::unexpected(segments.error());

  CheckpointStats stats;
  stats.index = last_segment;
  auto writer = CheckpointWriter::create(checkpoint_path(dir, last_segment), wal.options().segment_bytes);
  if (!writer) return std::unexpected(writer.error());
  stats.path = writer->path();
  RecordFilter filter(keep, min_time, stats);
  std::vector<uint8_t> out;
  auto copy = [&](RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    auto kept = filter.filter(type, payload, out);
    if (!kept) return std::unexpected(kept.error());
    if (!*kept) return {};
    return writer->add(type, out);
  };
  if (previous) {
    if (auto ok = read_checkpoint(previous->path, copy); !ok) return std::unexpected(ok.error());
  }
  for (const SegmentFile& segment : *segments) {
    if (previous && segment.index <= previous->index) continue;  // left by a crash before truncate_before
    if (segment.index > last_segment) break;
    if (auto ok = Wal::replay_segment(segment.path, copy); !ok) return std::unexpected(ok.error());
  }
  stats.bytes_written = writer->bytes();
  if (auto ok = writer->publish(); !ok) return std::unexpected(ok.error());

  // Only now are the older checkpoints redundant.
  for (const CheckpointDir& old : *checkpoints) {
    std::error_code ec;
    fs::remove_all(old.path, ec);
    if (ec) return std::unexpected(fs_error("cannot delete old WAL checkpoint", old.path, ec));
  }
  if (!checkpoints->empty()) {
    if (auto ok = sync_dir(dir); !ok) return std::unexpected(ok.error());
  }
  return stats;
}

Result<std::optional<uint32_t>> repair_checkpoints(const std::string& wal_dir, uint64_t segment_bytes,
                                                   std::vector<std::string>& warnings) {
  std::error_code ec;
  bool removed = false;
  for (fs::directory_iterator it(wal_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(kPrefix) && name.ends_with(kTmpSuffix)) {
      std::error_code rm;
      fs::remove_all(it->path(), rm);
      if (rm) return std::unexpected(fs_error("cannot delete unfinished WAL checkpoint", it->path().string(), rm));
      removed = true;
    }
  }
  if (ec) return std::unexpected(fs_error("cannot list WAL directory", wal_dir, ec));
  if (removed) {
    if (auto ok = sync_dir(wal_dir); !ok) return std::unexpected(ok.error());
  }

  auto checkpoints = list_checkpoints(wal_dir);
  if (!checkpoints) return std::unexpected(checkpoints.error());
  if (checkpoints->empty()) return std::optional<uint32_t>();
  const CheckpointDir newest = checkpoints->back();
  auto checked = read_checkpoint(newest.path, [](RecordType, std::span<const uint8_t>) -> Result<void> { return {}; });
  if (checked) return std::optional<uint32_t>(newest.index);
  if (checked.error().kind != ErrorKind::corruption) return std::unexpected(checked.error());

  std::string aside = quarantine_path(wal_dir, fs::path(newest.path).filename().string());
  fs::rename(newest.path, aside, ec);
  if (ec) return std::unexpected(fs_error("cannot move corrupt WAL checkpoint " + newest.path + " to", aside, ec));
  auto writer = CheckpointWriter::create(newest.path, segment_bytes);
  if (!writer) return std::unexpected(writer.error());
  uint64_t salvaged = 0;
  // Stops at the same damage as above; what came before it is kept.
  auto copied = read_checkpoint(aside, [&](RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    ++salvaged;
    return writer->add(type, payload);
  });
  if (!copied && copied.error().kind != ErrorKind::corruption) return std::unexpected(copied.error());
  if (auto ok = writer->publish(); !ok) return std::unexpected(ok.error());
  warnings.push_back(checked.error().message + "; moved the checkpoint to " + aside + " and kept the " +
                     std::to_string(salvaged) +
                     " record(s) before the damage: series and samples after it are lost, and samples of lost "
                     "series are dropped at replay");
  return std::optional<uint32_t>(newest.index);
}

}  // namespace vigil::storage::wal
