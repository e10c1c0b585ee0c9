#pragma once
// Where the head keeps its packed closed chunks: files mapped shared, filled
// by a bump allocator. The pages a chunk is written to are handed to the
// page cache (madvise DONTNEED keeps a shared mapping's data, dirty or not,
// and maps it back on the next read), so closed chunks cost the process no
// resident memory until they are read; the kernel writes them back or keeps
// them cached as memory allows. Most of a head's bytes are closed chunks,
// which are read only by queries and by the block cut.
//
// The files are scratch space, not a format: the WAL holds the samples, and
// open() deletes what an earlier process left. Each file is mapped at an
// address aligned to its size, so a chunk's file (and its live-byte count)
// is found from the chunk's address alone; a file is unmapped and deleted
// once nothing in it is live and it is no longer being filled.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/error.h"

namespace vigil::storage::chunk {

class ChunkFileArena {
 public:
  static constexpr size_t kFileBytes = size_t{64} << 20;

  // Creates `dir` if needed and removes the files in it.
  static Result<std::unique_ptr<ChunkFileArena>> open(const std::filesystem::path& dir);
  ~ChunkFileArena();
  ChunkFileArena(const ChunkFileArena&) = delete;
  ChunkFileArena& operator=(const ChunkFileArena&) = delete;

  // Room for `size` bytes (at most a file's, less its header), or null when
  // no file can be made (disk full, ...): the caller then keeps the bytes on
  // the heap. Thread-safe.
  uint8_t* allocate(size_t size);
  // Gives back what allocate() returned, by address: the arena is found
  // from it. Thread-safe; the bytes must no longer be read.
  static void release(const uint8_t* bytes, size_t size) noexcept;

  // Drops every mapped page from the process's resident memory (reads since
  // the last call brought some back), and deletes the file being filled if
  // nothing in it is live (a head emptied by a block cut keeps no files).
  void trim() noexcept;
  // Bytes of chunks allocated and not released.
  uint64_t live_bytes() const noexcept;
  size_t file_count() const;

 private:
  struct File;
  explicit ChunkFileArena(std::filesystem::path dir) : dir_(std::move(dir)) {}
  File* start_file();  // under mu_
  void retire(File* file) noexcept;

  const std::filesystem::path dir_;
  mutable std::mutex mu_;
  std::vector<File*> files_;       // mapped, the one being filled last
  File* filling_ = nullptr;        // null until the first allocation
  size_t used_ = 0;                // bytes of filling_ handed out, its header included
  size_t advised_ = 0;             // bytes of filling_ already dropped from memory
  uint64_t next_number_ = 1;       // of the next file's name
  std::chrono::steady_clock::time_point retry_after_{};  // after a failed file creation
};

}  // namespace vigil::storage::chunk
