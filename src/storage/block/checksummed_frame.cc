#include "storage/block/checksummed_frame.h"

#include "storage/block/compression.h"
#include "storage/wal/crc32c.h"

namespace vigil::storage::block {
namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

void append_frame(std::span<const uint8_t> raw, std::vector<uint8_t>& out) {
  std::vector<uint8_t> stored = compress(raw);
  size_t start = out.size();
  put_u32(out, static_cast<uint32_t>(raw.size()));
  put_u32(out, static_cast<uint32_t>(stored.size()));
  out.insert(out.end(), stored.begin(), stored.end());
  put_u32(out, wal::crc32c(std::span(out).subspan(start)));
}

FrameHeader parse_frame_header(std::span<const uint8_t, kFrameHeaderBytes> header) {
  return {get_u32(header.data()), get_u32(header.data() + 4)};
}

bool frame_checksum_ok(std::span<const uint8_t> frame) {
  if (frame.size() < kFrameOverheadBytes) return false;
  size_t body = frame.size() - 4;
  return wal::crc32c(frame.first(body)) == get_u32(frame.data() + body);
}

Result<std::vector<uint8_t>> unpack_frame(std::span<const uint8_t> frame, size_t max_raw_size) {
  auto corrupt = [](const std::string& what) { return std::unexpected(make_error(ErrorKind::corruption, what)); };
  if (frame.size() < kFrameOverheadBytes) return corrupt("frame truncated");
  FrameHeader header = parse_frame_header(frame.first<kFrameHeaderBytes>());
  if (header.frame_bytes() != frame.size()) return corrupt("frame size mismatch");
  if (!frame_checksum_ok(frame)) return corrupt("checksum mismatch");
  if (header.raw_size > max_raw_size) {
    return corrupt("frame of " + std::to_string(header.raw_size) + " bytes exceeds the limit of " +
                   std::to_string(max_raw_size));
  }
  auto raw = decompress(frame.subspan(kFrameHeaderBytes, header.stored_size), header.raw_size);
  if (!raw) return corrupt(raw.error().message);
  return raw;
}

}  // namespace vigil::storage::block
