#include "storage/block/compression.h"

#include <zstd.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace vigil::storage::block {

namespace {

// A zstd block holds at most 128 KiB and takes at least a 3-byte header, so
// a frame of n bytes cannot decompress to more than about n / 3 blocks: a
// corrupt size field is caught before anything is allocated for it.
constexpr size_t kMaxBlockBytes = size_t{128} << 10;
constexpr size_t kMinBlockHeaderBytes = 3;

Error corrupt(const std::string& what) { return make_error(ErrorKind::corruption, "compressed page: " + what); }

// Contexts are reused per thread: creating one allocates its tables.
struct ContextDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

ZSTD_CCtx* compression_context() {
  thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
  if (!context) throw std::bad_alloc();
  return context.get();
}

ZSTD_DCtx* decompression_context() {
  thread_local std::unique_ptr<ZSTD_DCtx, ContextDeleter> context(ZSTD_createDCtx());
  if (!context) throw std::bad_alloc();
  return context.get();
}

}  // namespace

std::vector<uint8_t> compress(std::span<const uint8_t> input, int level) {
  std::vector<uint8_t> out(ZSTD_compressBound(input.size()));
  // The frame records its content size, which decompress checks.
  size_t size = ZSTD_compressCCtx(compression_context(), out.data(), out.size(), input.data(), input.size(), level);
  // With a bound-sized output only a failed allocation inside zstd can fail.
  if (ZSTD_isError(size)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(size));
  out.resize(size);
  return out;
}

Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> input, size_t expected_size) {
  size_t frame_size = ZSTD_findFrameCompressedSize(input.data(), input.size());
  if (ZSTD_isError(frame_size)) return std::unexpected(corrupt(std::string("not a zstd frame: ") + ZSTD_getErrorName(frame_size)));
  if (frame_size != input.size()) {
    return std::unexpected(corrupt(std::to_string(input.size() - frame_size) + " bytes after the frame"));
  }
  unsigned long long content_size = ZSTD_getFrameContentSize(input.data(), input.size());
  if (content_size == ZSTD_CONTENTSIZE_UNKNOWN || content_size == ZSTD_CONTENTSIZE_ERROR) {
    return std::unexpected(corrupt("frame without a content size"));
  }
  if (content_size != expected_size) {
    return std::unexpected(corrupt("frame holds " + std::to_string(content_size) + " bytes, expected " +
                                   std::to_string(expected_size)));
  }
  if (expected_size / kMaxBlockBytes > input.size() / kMinBlockHeaderBytes) {
    return std::unexpected(corrupt(std::to_string(expected_size) + " bytes cannot come from a frame of " +
                                   std::to_string(input.size())));
  }
  std::vector<uint8_t> out(expected_size);
  size_t size = ZSTD_decompressDCtx(decompression_context(), out.data(), out.size(), input.data(), input.size());
  if (ZSTD_isError(size)) return std::unexpected(corrupt(ZSTD_getErrorName(size)));
  if (size != expected_size) {
    return std::unexpected(corrupt("decompressed " + std::to_string(size) + " bytes, expected " + std::to_string(expected_size)));
  }
  return out;
}

}  // namespace vigil::storage::block
