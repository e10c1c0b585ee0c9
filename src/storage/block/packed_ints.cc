#include "storage/block/packed_ints.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <numeric>

#include "storage/chunk/bit_stream.h"
#include "storage/wal/byte_codec.h"

namespace vigil::storage::block {

namespace {

constexpr int kMaxWidth = 64;
// The width byte: bits 0-6 the width (0..64); bit 7 set when a scale follows.
constexpr uint8_t kScaled = 0x80;
constexpr uint8_t kWidthBits = 0x7f;

// The field value that says "this value is an escape"; a full-width field
// needs none.
constexpr uint64_t escape_for(int width) noexcept {
  return width >= kMaxWidth ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << width) - 1;
}

size_t uvarint_bytes(uint64_t v) { return static_cast<size_t>(std::bit_width(v | 1) + 6) / 7; }

struct Frame {
  int width = 0;
  uint64_t scale = 1;
  int64_t base = 0;
};

// The frame with about the fewest bytes. The width comes from how far the
// values lie from their median (a window of 2^w - 1 steps around it holds
// those within 2^(w-1) steps); then one pass over the sorted values slides
// that window to the base that leaves the fewest escapes.
Frame best_frame(std::span<const int64_t> values) {
  std::vector<int64_t> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  auto distance = [&](size_t i, size_t j) { return static_cast<uint64_t>(sorted[j]) - static_cast<uint64_t>(sorted[i]); };
  uint64_t range = distance(0, n - 1);
  if (range == 0) return {.width = 0, .base = sorted[0]};
  // A common factor only when every difference fits int64, so that each
  // (value - base) / scale is exact.
  uint64_t scale = 0;
  if (range <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    for (size_t i = 1; i < n && scale != 1; ++i) scale = std::gcd(scale, distance(0, i));
  } else {
    scale = 1;
  }
  uint64_t steps = range / scale;
  std::array<size_t, kMaxWidth + 1> by_distance{};  // by bit width of |value - median| in steps
  const size_t median = n / 2;
  for (size_t i = 0; i < n; ++i) {
    uint64_t d = i < median ? distance(i, median) : distance(median, i);
    ++by_distance[static_cast<size_t>(std::bit_width(d / scale))];
  }
  const int all_fit = steps == std::numeric_limits<uint64_t>::max() ? kMaxWidth : std::bit_width(steps + 1);
  const size_t escape_bytes = uvarint_bytes(steps) + 1;  // zig-zag takes a bit more
  int width = all_fit;
  size_t best_cost = (n * static_cast<size_t>(all_fit) + 7) / 8, inside = 0;
  for (int w = 1; w < all_fit; ++w) {
    inside += by_distance[static_cast<size_t>(w - 1)];
    size_t cost = (n * static_cast<size_t>(w) + 7) / 8 + (n - inside) * escape_bytes;
    if (cost < best_cost) {
      best_cost = cost;
      width = w;
    }
  }
  if (width == all_fit) return {.width = width, .scale = scale, .base = sorted[0]};
  uint64_t span = (escape_for(width) - 1) * scale;  // cannot overflow: width < all_fit
  size_t most = 0, start = 0;
  for (size_t i = 0, j = 0; i < n; ++i) {
    while (j < n && distance(i, j) <= span) ++j;
    if (j - i > most) {
      most = j - i;
      start = i;
    }
  }
  return {.width = width, .scale = scale, .base = sorted[start]};
}

}  // namespace

void encode_packed_ints(std::span<const int64_t> values, std::vector<uint8_t>& out) {
  if (values.empty()) return;
  Frame frame = best_frame(values);
  out.push_back(static_cast<uint8_t>(frame.width | (frame.scale > 1 ? kScaled : 0)));
  wal::ByteWriter w(out);
  if (frame.scale > 1) w.uvarint(frame.scale);
  w.varint(frame.base);
  if (frame.width == 0) return;
  uint64_t escape = escape_for(frame.width);
  std::vector<int64_t> escaped;
  // The fields, most significant bit first (as chunk::BitWriter writes
  // them), through a 64-bit accumulator into bytes sized up front: this runs
  // for every sample the head packs.
  const size_t start = out.size();
  out.resize(start + (values.size() * static_cast<size_t>(frame.width) + 7) / 8);
  uint8_t* p = out.data() + start;
  uint64_t acc = 0;
  int pending = 0;  // bits in acc not yet stored: always under 8 between fields
  auto put = [&](uint64_t field, int width) {  // width <= 56
    acc = (acc << width) | field;
    pending += width;
    while (pending >= 8) {
      pending -= 8;
      *p++ = static_cast<uint8_t>(acc >> pending);
    }
  };
  for (int64_t v : values) {
    auto steps = static_cast<int64_t>(static_cast<uint64_t>(v) - static_cast<uint64_t>(frame.base));
    if (frame.scale > 1) steps /= static_cast<int64_t>(frame.scale);
    bool inside = frame.width == kMaxWidth || (steps >= 0 && static_cast<uint64_t>(steps) < escape);
    const uint64_t field = inside ? static_cast<uint64_t>(steps) : escape;
    if (frame.width > 32) {
      put(field >> 32, frame.width - 32);
      put(field & 0xffffffff, 32);
    } else {
      put(field, frame.width);
    }
    if (!inside) escaped.push_back(steps);
  }
  if (pending > 0) *p = static_cast<uint8_t>(acc << (8 - pending));
  for (int64_t steps : escaped) w.varint(steps);
}

Result<void> decode_packed_ints(ByteCursor& in, size_t count, std::vector<int64_t>& values) {
  values.clear();
  if (count == 0) return {};
  auto head = in.byte("packed width");
  if (!head) return std::unexpected(head.error());
  int width = *head & kWidthBits;
  if (width > kMaxWidth) return std::unexpected(in.error("packed width " + std::to_string(width) + " over 64"));
  uint64_t scale = 1;
  if (*head & kScaled) {
    auto s = in.uvarint("packed scale");
    if (!s) return std::unexpected(s.error());
    if (*s < 2) return std::unexpected(in.error("packed scale " + std::to_string(*s)));
    scale = *s;
  }
  auto base = in.varint("packed base");
  if (!base) return std::unexpected(base.error());
  if (width == 0) {
    values.assign(count, *base);
    return {};
  }
  auto packed = in.take((static_cast<uint64_t>(count) * static_cast<uint64_t>(width) + 7) / 8, "packed values");
  if (!packed) return std::unexpected(packed.error());
  values.resize(count);
  chunk::BitReader bits(*packed);
  uint64_t escape = escape_for(width);
  for (int64_t& v : values) {
    uint64_t steps = 0;
    bits.read_bits(width, steps);  // cannot run out: the span holds `count` fields
    if (width < kMaxWidth && steps == escape) {
      auto escaped = in.varint("escaped value");
      if (!escaped) return std::unexpected(escaped.error());
      steps = static_cast<uint64_t>(*escaped);
    }
    v = static_cast<int64_t>(static_cast<uint64_t>(*base) + scale * steps);
  }
  return {};
}

}  // namespace vigil::storage::block
