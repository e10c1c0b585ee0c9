#pragma once
// The files of a block directory and the durable file operations the writer,
// the reader and the tombstones share. A block is published by renaming a
// complete `<ulid>.tmp/` directory to `<ulid>/`, so a crash leaves either no
// block or a whole one, plus perhaps a `.tmp` directory to delete.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::storage::block {

inline constexpr std::string_view kMetaFile = "meta.json";
inline constexpr std::string_view kIndexFile = "index";
inline constexpr std::string_view kChunksFile = "chunks";
inline constexpr std::string_view kTombstonesFile = "tombstones";
inline constexpr std::string_view kTmpSuffix = ".tmp";

// Deletes every `*.tmp` entry of `blocks_dir`: blocks whose writer did not
// finish, and nothing else. Returns how many it removed.
Result<size_t> remove_incomplete_blocks(const std::string& blocks_dir);

// An open file descriptor, closed on destruction.
class File {
 public:
  File() = default;
  explicit File(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  ~File();

  static Result<File> open_read(const std::string& path);
  // Creates or truncates.
  static Result<File> create(const std::string& path);

  Result<void> write_all(std::span<const uint8_t> bytes);
  // Exactly bytes.size() bytes at `offset`; fewer (the file ends) is
  // ErrorKind::corruption, since every caller reads what an index promised.
  Result<void> read_at(uint64_t offset, std::span<uint8_t> bytes) const;
  Result<uint64_t> size() const;
  Result<void> sync();

  const std::string& path() const noexcept { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

Result<std::vector<uint8_t>> read_file(const std::string& path);
// Creates `path` with `bytes` and fsyncs it (not its directory).
Result<void> write_file_synced(const std::string& path, std::span<const uint8_t> bytes);
// Makes entries created, renamed or deleted in `dir` durable.
Result<void> sync_dir(const std::string& dir);
// Replaces `dir/name` with `bytes` so that a crash leaves the old or the new
// content: write `name.tmp`, fsync, rename over `name`, fsync `dir`.
Result<void> replace_file(const std::string& dir, std::string_view name, std::span<const uint8_t> bytes);

// ErrorKind::io for `path`, with strerror(errno).
Error io_error(const std::string& what, const std::string& path);

}  // namespace vigil::storage::block
