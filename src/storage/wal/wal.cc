#include "storage/wal/wal.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "storage/wal/checkpoint.h"
#include "storage/wal/segment_reader.h"

namespace vigil::storage::wal {
namespace {

Error fs_error(const std::string& what, const std::string& path, const std::error_code& ec) {
  return make_error(ErrorKind::io, what + " " + path + ": " + ec.message());
}

Result<void> check_contiguous(const std::vector<SegmentFile>& files) {
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i].index != files[i - 1].index + 1) {
      return std::unexpected(make_error(ErrorKind::corruption, "WAL segments are not contiguous: " + files[i].path +
                                                                   " follows " + files[i - 1].path));
    }
  }
  return {};
}

}  // namespace

Result<Wal> Wal::open(std::string dir, WalOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected(fs_error("cannot create WAL directory", dir, ec));
  Wal wal(std::move(dir), options);
  auto checkpoint = repair_checkpoints(wal.dir_, options.segment_bytes, wal.warnings_);
  if (!checkpoint) return std::unexpected(checkpoint.error());
  auto files = list_segments(wal.dir_);
  if (!files) return std::unexpected(files.error());
  if (*checkpoint) {
    if (auto ok = wal.delete_checkpointed(*files, **checkpoint); !ok) return std::unexpected(ok.error());
    // The segment after the checkpoint existed (as the current one) before
    // the checkpoint was written; without it records are missing.
    if (!files->empty() && files->front().index != **checkpoint + 1) {
      return std::unexpected(make_error(ErrorKind::corruption, "WAL segment " + files->front().path +
                                                                   " does not follow checkpoint " +
                                                                   checkpoint_path(wal.dir_, **checkpoint)));
    }
  }
  if (auto ok = check_contiguous(*files); !ok) return std::unexpected(ok.error());

  if (auto ok = wal.repair(*files); !ok) return std::unexpected(ok.error());
  wal.current_ = !files->empty() ? files->back().index : *checkpoint ? **checkpoint + 1 : 0;
  uint64_t valid_bytes = files->empty() ? 0 : files->back().size;
  auto writer = SegmentWriter::open(segment_path(wal.dir_, wal.current_), valid_bytes);
  if (!writer) return std::unexpected(writer.error());
  wal.writer_.emplace(std::move(*writer));
  if (options.fsync != WalOptions::Fsync::never) {
    // The truncation and any new or deleted file must survive a power cut
    // before new records land after them.
    if (auto ok = wal.sync_locked(); !ok) return std::unexpected(ok.error());
    if (auto ok = sync_dir(wal.dir_); !ok) return std::unexpected(ok.error());
  }
  return wal;
}

// Reads every segment to find the first bad record. Sizes in `files` become
// the valid lengths; the last segment is truncated when its writer opens.
Result<void> Wal::repair(std::vector<SegmentFile>& files) {
  for (size_t i = 0; i < files.size(); ++i) {
    auto reader = SegmentReader::open(files[i].path);
    if (!reader) return std::unexpected(reader.error());
    Record record;
    while (reader->next(record)) {
    }
    if (reader->clean_end()) continue;
    files[i].size = reader->valid_bytes();
    std::string warning = "WAL segment " + files[i].path + ": " + reader->stop_reason() + "; truncated to " +
                          std::to_string(files[i].size) + " bytes";
    if (i + 1 < files.size()) {
      std::error_code ec;
      std::filesystem::resize_file(files[i].path, files[i].size, ec);
      if (ec) return std::unexpected(fs_error("cannot truncate WAL segment", files[i].path, ec));
      for (size_t j = i + 1; j < files.size(); ++j) {
        if (!std::filesystem::remove(files[j].path, ec) && ec) {
          return std::unexpected(fs_error("cannot delete WAL segment", files[j].path, ec));
        }
      }
      warning += " and deleted the " + std::to_string(files.size() - i - 1) + " later segment(s) " + files[i + 1].path +
                 ".." + files.back().path;
      files.resize(i + 1);
    }
    warnings_.push_back(std::move(warning));
    break;
  }
  return {};
}

// Finishes a truncate_before that a crash interrupted after a checkpoint.
Result<void> Wal::delete_checkpointed(std::vector<SegmentFile>& files, uint32_t checkpoint) {
  auto covered = std::find_if(files.begin(), files.end(), [&](const SegmentFile& f) { return f.index > checkpoint; });
  if (covered == files.begin()) return {};
  for (auto it = files.begin(); it != covered; ++it) {
    std::error_code ec;
    if (!std::filesystem::remove(it->path, ec) && ec) {
      return std::unexpected(fs_error("cannot delete WAL segment", it->path, ec));
    }
  }
  files.erase(files.begin(), covered);
  return sync_dir(dir_);
}

Result<void> Wal::log(RecordType type, std::span<const uint8_t> payload) {
  std::lock_guard lock(*mutex_);
  if (!writer_) return std::unexpected(make_error(ErrorKind::unavailable, "WAL " + dir_ + " is closed"));
  // Checked here as well as in the writer so that a refused record does not
  // leave an empty segment behind.
  if (payload.size() > kMaxRecordBytes) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "WAL record of " + std::to_string(payload.size()) +
                                                                       " bytes exceeds the limit of " +
                                                                       std::to_string(kMaxRecordBytes)));
  }
  uint64_t record_bytes = kRecordHeaderBytes + payload.size();
  // An empty segment takes any record, so one larger than a segment gets a
  // segment of its own.
  if (writer_->size() > 0 && writer_->size() + record_bytes > options_.segment_bytes) {
    if (auto ok = rotate(); !ok) return ok;
  }
  return writer_->add(type, payload);
}

Result<void> Wal::rotate() {
  if (current_ == UINT32_MAX) {
    return std::unexpected(make_error(ErrorKind::internal, "WAL " + dir_ + " ran out of segment numbers"));
  }
  // Only the current segment is synced later, so a finished one is synced now.
  auto done = options_.fsync == WalOptions::Fsync::never ? writer_->flush() : sync_locked();
  if (!done) return done;
  auto next = SegmentWriter::open(segment_path(dir_, current_ + 1));
  if (!next) return std::unexpected(next.error());
  writer_.reset();
  writer_.emplace(std::move(*next));
  ++current_;
  if (options_.fsync != WalOptions::Fsync::never) return sync_dir(dir_);
  return {};
}

Result<void> Wal::sync_locked() {
  if (auto ok = writer_->sync(); !ok) return ok;
  ++sync_count_;
  return {};
}

Result<void> Wal::commit() {
  std::lock_guard lock(*mutex_);
  if (!writer_) return std::unexpected(make_error(ErrorKind::unavailable, "WAL " + dir_ + " is closed"));
  if (options_.fsync == WalOptions::Fsync::always) return sync_locked();
  return writer_->flush();
}

Result<void> Wal::sync_if_due(std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(*mutex_);
  // A timer may still fire after close(); there is nothing left to sync.
  if (!writer_ || options_.fsync != WalOptions::Fsync::interval) return {};
  if (last_sync_ && now - *last_sync_ < options_.fsync_interval) return {};
  if (auto ok = sync_locked(); !ok) return ok;
  last_sync_ = now;
  return {};
}

Result<void> Wal::close() {
  std::lock_guard lock(*mutex_);
  if (!writer_) return {};
  auto ok = sync_locked();
  writer_.reset();
  return ok;
}

Result<void> Wal::replay(const RecordFn& fn) const {
  auto checkpoints = list_checkpoints(dir_);
  if (!checkpoints) return std::unexpected(checkpoints.error());
  if (checkpoints->empty()) return replay(0, fn);
  const CheckpointDir& newest = checkpoints->back();
  if (auto ok = read_checkpoint(newest.path, fn); !ok) return ok;
  return replay(newest.index + 1, fn);
}

Result<uint32_t> Wal::cut_segment() {
  std::lock_guard lock(*mutex_);
  if (!writer_) return std::unexpected(make_error(ErrorKind::unavailable, "WAL " + dir_ + " is closed"));
  uint32_t closed = current_;
  if (auto ok = rotate(); !ok) return std::unexpected(ok.error());
  return closed;
}

Result<void> Wal::replay(uint32_t from_segment, const RecordFn& fn) const {
  auto files = segments();
  if (!files) return std::unexpected(files.error());
  for (const SegmentFile& file : *files) {
    if (file.index < from_segment) continue;
    if (auto ok = replay_segment(file.path, fn); !ok) return ok;
  }
  return {};
}

Result<void> Wal::replay_segment(const std::string& path, const RecordFn& fn) {
  auto reader = SegmentReader::open(path);
  if (!reader) return std::unexpected(reader.error());
  Record record;
  while (reader->next(record)) {
    if (auto ok = fn(record.type, record.payload); !ok) {
      uint64_t offset = reader->valid_bytes() - kRecordHeaderBytes - record.payload.size();
      return std::unexpected(make_error(ok.error().kind, "WAL segment " + path + ": record at offset " +
                                                             std::to_string(offset) + ": " + ok.error().message));
    }
  }
  if (!reader->clean_end()) {
    return std::unexpected(make_error(ErrorKind::corruption, "WAL segment " + path + ": " + reader->stop_reason()));
  }
  return {};
}

Result<std::vector<SegmentFile>> Wal::segments() const {
  std::lock_guard lock(*mutex_);
  return list_segments(dir_);
}

Result<void> Wal::truncate_before(uint32_t index) {
  std::lock_guard lock(*mutex_);
  if (index > current_) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "cannot delete WAL segments before " +
                                                                       std::to_string(index) + ": segment " +
                                                                       std::to_string(current_) + " is current"));
  }
  auto files = list_segments(dir_);
  if (!files) return std::unexpected(files.error());
  for (const SegmentFile& file : *files) {
    if (file.index >= index) break;
    std::error_code ec;
    if (!std::filesystem::remove(file.path, ec) && ec) {
      return std::unexpected(fs_error("cannot delete WAL segment", file.path, ec));
    }
  }
  if (options_.fsync != WalOptions::Fsync::never) return sync_dir(dir_);
  return {};
}

uint32_t Wal::current_segment() const {
  std::lock_guard lock(*mutex_);
  return current_;
}

uint64_t Wal::sync_count() const {
  std::lock_guard lock(*mutex_);
  return sync_count_;
}

}  // namespace vigil::storage::wal
