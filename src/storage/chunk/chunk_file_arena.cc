#include "storage/chunk/chunk_file_arena.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <system_error>

namespace vigil::storage::chunk {
namespace {

// The header at the start of each file's mapping; allocations follow it.
constexpr size_t kHeaderBytes = 64;
// Written pages are dropped from memory once this many have accumulated: one
// madvise per MiB of chunks.
constexpr size_t kAdviseBytes = size_t{1} << 20;
constexpr auto kRetryDelay = std::chrono::seconds(10);

size_t page_bytes() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

size_t align_down(size_t n, size_t alignment) { return n & ~(alignment - 1); }

}  // namespace

struct ChunkFileArena::File {
  ChunkFileArena* arena;
  uint64_t number;
  // Twice the live bytes, plus 1 while the arena still fills the file: the
  // party that brings it to 0 (the last release, or the end of filling)
  // retires the file, and exactly one can.
  std::atomic<uint64_t> state;

  uint8_t* base() noexcept { return reinterpret_cast<uint8_t*>(this); }
};

Result<std::unique_ptr<ChunkFileArena>> ChunkFileArena::open(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected(make_error(ErrorKind::io, "creating " + dir.string() + ": " + ec.message()));
  // What an earlier process left: its chunks are in the WAL (and blocks).
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::filesystem::remove(entry.path(), ec);
    if (ec) return std::unexpected(make_error(ErrorKind::io, "removing " + entry.path().string() + ": " + ec.message()));
  }
  if (ec) return std::unexpected(make_error(ErrorKind::io, "listing " + dir.string() + ": " + ec.message()));
  return std::unique_ptr<ChunkFileArena>(new ChunkFileArena(dir));
}

ChunkFileArena::~ChunkFileArena() {
  for (File* file : files_) {
    const std::filesystem::path path = dir_ / std::to_string(file->number);
    munmap(file->base(), kFileBytes);
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
}

ChunkFileArena::File* ChunkFileArena::start_file() {
  static_assert(sizeof(File) <= kHeaderBytes);
  const uint64_t number = next_number_++;
  const std::filesystem::path path = dir_ / std::to_string(number);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  // The blocks are reserved now: writing through a mapping to a file whose
  // disk is full would raise SIGBUS later instead of an error here.
  void* reserved = MAP_FAILED;
  if (posix_fallocate(fd, 0, static_cast<off_t>(kFileBytes)) == 0) {
    reserved = mmap(nullptr, 2 * kFileBytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  }
  uint8_t* base = nullptr;
  if (reserved != MAP_FAILED) {
    const auto start = reinterpret_cast<uintptr_t>(reserved);
    const uintptr_t aligned = (start + kFileBytes - 1) & ~(uintptr_t{kFileBytes} - 1);
    void* mapped = mmap(reinterpret_cast<void*>(aligned), kFileBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                        fd, 0);
    if (mapped == MAP_FAILED) {
      munmap(reserved, 2 * kFileBytes);
    } else {
      base = static_cast<uint8_t*>(mapped);
      // Unmap the reservation around the aligned mapping.
      if (aligned > start) munmap(reserved, aligned - start);
      const uintptr_t end = start + 2 * kFileBytes;
      if (aligned + kFileBytes < end) munmap(reinterpret_cast<void*>(aligned + kFileBytes), end - aligned - kFileBytes);
    }
  }
  ::close(fd);
  if (base == nullptr) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return nullptr;
  }
  File* file = new (base) File{this, number, {1}};
  files_.push_back(file);
  return file;
}

uint8_t* ChunkFileArena::allocate(size_t size) {
  if (size == 0 || size > kFileBytes - kHeaderBytes) return nullptr;
  std::unique_lock lock(mu_);
  File* finished = nullptr;
  if (filling_ == nullptr || used_ + size > kFileBytes) {
    const auto now = std::chrono::steady_clock::now();
    if (now < retry_after_) return nullptr;
    File* next = start_file();
    if (next == nullptr) {
      retry_after_ = now + kRetryDelay;
      return nullptr;
    }
    finished = filling_;
    filling_ = next;
    used_ = kHeaderBytes;
    advised_ = page_bytes();  // the header's page stays mapped: every release touches it
  }
  // What earlier calls handed out is written by now (the head allocates from
  // one thread); and a shared mapping keeps its data through the madvise in
  // any case, mapping a page back on its next touch.
  const size_t written = align_down(used_, page_bytes());
  if (written >= advised_ + kAdviseBytes) {
    madvise(filling_->base() + advised_, written - advised_, MADV_DONTNEED);
    advised_ = written;
  }
  uint8_t* bytes = filling_->base() + used_;
  used_ += size;
  filling_->state.fetch_add(2 * uint64_t{size}, std::memory_order_relaxed);
  lock.unlock();
  if (finished != nullptr && finished->state.fetch_sub(1, std::memory_order_acq_rel) == 1) retire(finished);
  return bytes;
}

void ChunkFileArena::release(const uint8_t* bytes, size_t size) noexcept {
  auto* file = reinterpret_cast<File*>(reinterpret_cast<uintptr_t>(bytes) & ~(uintptr_t{kFileBytes} - 1));
  if (file->state.fetch_sub(2 * uint64_t{size}, std::memory_order_acq_rel) == 2 * uint64_t{size}) {
    file->arena->retire(file);
  }
}

void ChunkFileArena::retire(File* file) noexcept {
  const uint64_t number = file->number;
  {
    std::lock_guard lock(mu_);
    std::erase(files_, file);
  }
  munmap(file->base(), kFileBytes);
  std::error_code ec;
  std::filesystem::remove(dir_ / std::to_string(number), ec);
}

void ChunkFileArena::trim() noexcept {
  std::unique_lock lock(mu_);
  const size_t page = page_bytes();
  for (File* file : files_) madvise(file->base() + page, kFileBytes - page, MADV_DONTNEED);
  if (filling_ == nullptr) return;
  advised_ = std::max(advised_, align_down(used_, page));
  // No allocation runs meanwhile (they hold mu_) and releases only lower the
  // count, so the exchange succeeds only for a file with nothing live.
  uint64_t idle = 1;
  if (filling_->state.compare_exchange_strong(idle, 0, std::memory_order_acq_rel)) {
    File* empty = filling_;
    filling_ = nullptr;
    lock.unlock();
    retire(empty);
  }
}

uint64_t ChunkFileArena::live_bytes() const noexcept {
  std::lock_guard lock(mu_);
  uint64_t total = 0;
  for (const File* file : files_) total += file->state.load(std::memory_order_relaxed) / 2;
  return total;
}

size_t ChunkFileArena::file_count() const {
  std::lock_guard lock(mu_);
  return files_.size();
}

}  // namespace vigil::storage::chunk
