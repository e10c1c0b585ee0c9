#include "storage/chunk/xor_chunk.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace vigil::storage::chunk {
namespace {

// Delta-of-delta buckets: a prefix of 1s ended by a 0 (or four 1s), then the
// value in that many bits. The ranges are Prometheus's (and the paper's, widened).
struct Bucket {
  uint64_t prefix;
  int prefix_bits;
  int value_bits;
};
constexpr Bucket kBuckets[] = {{0b10, 2, 14}, {0b110, 3, 17}, {0b1110, 4, 20}};

bool fits(int64_t x, int bits) {
  const int64_t limit = int64_t{1} << (bits - 1);
  return -(limit - 1) <= x && x <= limit;
}

uint64_t double_bits(double v) { return std::bit_cast<uint64_t>(v); }

// The most one sample adds: a 10-byte varint and 8 value bytes for the
// first, at most 68 timestamp and 77 value bits after.
constexpr size_t kMaxSampleBytes = 19;

}  // namespace

// Writes bits most significant first into bytes the appender has made room
// for, with stores only: the partly filled last byte is carried along in
// `partial` rather than read back. With many series the chunk's end is
// rarely in the cache, and a load from it would stall every append.
class XorAppender::Sink {
 public:
  Sink(uint8_t* bytes, uint64_t bit, uint8_t partial) : bytes_(bytes), bit_(bit), partial_(partial) {}

  // The low `count` bits of `value`, count 1..64.
  void write(uint64_t value, int count) {
    const uint64_t top = value << (64 - count);
    const int offset = static_cast<int>(bit_ & 7);
    uint8_t* out = bytes_ + (bit_ >> 3);
    const uint64_t shifted = top >> offset;
    const int touched = (offset + count + 7) / 8;  // 1..9 bytes
    out[0] = static_cast<uint8_t>(partial_ | (shifted >> 56));
    const int whole = touched < 8 ? touched : 8;
    for (int k = 1; k < whole; ++k) out[k] = static_cast<uint8_t>(shifted >> (56 - 8 * k));
    if (touched == 9) out[8] = static_cast<uint8_t>((top << (64 - offset)) >> 56);
    bit_ += static_cast<uint64_t>(count);
    partial_ = (bit_ & 7) != 0 ? out[touched - 1] : 0;
  }
  void write_bit(bool bit) { write(bit ? 1 : 0, 1); }
  // Unsigned LEB128, as Go's binary.PutUvarint; signed values zig-zag first.
  void write_uvarint(uint64_t value) {
    while (value >= 0x80) {
      write((value & 0x7f) | 0x80, 8);
      value >>= 7;
    }
    write(value, 8);
  }
  void write_varint(int64_t value) {
    write_uvarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
  }

  uint64_t bit() const { return bit_; }
  uint8_t partial() const { return partial_; }

 private:
  uint8_t* bytes_;
  uint64_t bit_;
  uint8_t partial_;
};

XorChunk::XorChunk() : bytes_(2, 0) {}

uint16_t XorChunk::num_samples() const {
  if (bytes_.size() < 2) return 0;
  return static_cast<uint16_t>((bytes_[0] << 8) | bytes_[1]);
}

XorAppender::XorAppender(XorChunk& chunk) : chunk_(&chunk) {
  if (chunk_->bytes_.size() < 2) chunk_->bytes_.assign(2, 0);
  n_ = chunk_->num_samples();
}

XorAppender::Outcome XorAppender::append(int64_t t, double v) {
  uint16_t n = n_;
  if (n == XorChunk::kMaxSamples) return Outcome::full;
  uint64_t bits = double_bits(v);
  // Grow by an eighth rather than let the vector double: a head holds one
  // open chunk per series, and doubling would leave a quarter of their bytes
  // slack on average (an eighth: 6%). Still amortized O(1); the floor of a few
  // samples' worth keeps small chunks from being copied every other append.
  std::vector<uint8_t>& bytes = chunk_->bytes_;
  int64_t delta = 0;
  if (n > 0 && (t <= t_ || __builtin_sub_overflow(t, t_, &delta))) return Outcome::out_of_order;
  if (bytes.capacity() - bytes.size() < kMaxSampleBytes) {
    bytes.reserve(bytes.size() + std::max(4 * kMaxSampleBytes, bytes.size() / 8));
  }
  // Room for the sample (zero-filled: stores only), trimmed to its bits after.
  bytes.resize(bytes.size() + kMaxSampleBytes);
  Sink w(bytes.data(), bit_count_, partial_);
  if (n == 0) {
    w.write_varint(t);
    w.write(bits, 64);
  } else {
    write_timestamp(w, n, delta);
    t_delta_ = delta;
    write_value(w, bits);
  }
  bit_count_ = w.bit();
  partial_ = w.partial();
  bytes.resize((bit_count_ + 7) / 8);
  t_ = t;
  v_bits_ = bits;
  n_ = ++n;
  chunk_->bytes_[0] = static_cast<uint8_t>(n >> 8);
  chunk_->bytes_[1] = static_cast<uint8_t>(n);
  return Outcome::appended;
}

void XorAppender::write_timestamp(Sink& w, uint16_t n, int64_t delta) {
  if (n == 1) {
    w.write_uvarint(static_cast<uint64_t>(delta));
  } else {
    // Both deltas are positive, so their difference cannot overflow.
    int64_t dod = delta - t_delta_;
    const Bucket* bucket = nullptr;
    for (const auto& b : kBuckets) {
      if (fits(dod, b.value_bits)) {
        bucket = &b;
        break;
      }
    }
    if (dod == 0) {
      w.write_bit(false);
    } else if (bucket != nullptr) {
      w.write(bucket->prefix, bucket->prefix_bits);
      w.write(static_cast<uint64_t>(dod), bucket->value_bits);
    } else {
      w.write(0b1111, 4);
      w.write(static_cast<uint64_t>(dod), 64);
    }
  }
}

void XorAppender::write_value(Sink& w, uint64_t bits) {
  uint64_t x = bits ^ v_bits_;
  if (x == 0) {
    w.write_bit(false);
  } else {
    w.write_bit(true);
    uint8_t leading = static_cast<uint8_t>(std::countl_zero(x));
    uint8_t trailing = static_cast<uint8_t>(std::countr_zero(x));
    // Leading zeros are stored in 5 bits.
    if (leading >= 32) leading = 31;
    if (leading_ != 0xff && leading >= leading_ && trailing >= trailing_) {
      // The meaningful bits fit the previous window: reuse it.
      w.write_bit(false);
      w.write(x >> trailing_, 64 - leading_ - trailing_);
    } else {
      leading_ = leading;
      trailing_ = trailing;
      int significant = 64 - leading - trailing;
      w.write_bit(true);
      w.write(leading, 5);
      // 64 significant bits do not fit 6 bits; 0 stands for 64 (0 cannot occur).
      w.write(static_cast<uint64_t>(significant & 63), 6);
      w.write(x >> trailing, significant);
    }
  }
}

XorIterator::XorIterator(std::span<const uint8_t> bytes)
    : reader_(bytes.size() >= 2 ? bytes.subspan(2) : std::span<const uint8_t>()) {
  if (bytes.size() >= 2) {
    total_ = static_cast<uint64_t>((bytes[0] << 8) | bytes[1]);
  } else {
    corrupt_ = !bytes.empty();
  }
}

double XorIterator::v() const { return std::bit_cast<double>(v_bits_); }

bool XorIterator::fail() {
  corrupt_ = true;
  read_ = total_;
  return false;
}

bool XorIterator::next() {
  if (read_ >= total_) return false;
  if (read_ == 0) {
    if (!reader_.read_varint(t_) || !reader_.read_bits(64, v_bits_)) return fail();
    ++read_;
    return true;
  }
  if (read_ == 1) {
    uint64_t delta;
    if (!reader_.read_uvarint(delta) || delta == 0 || delta > static_cast<uint64_t>(INT64_MAX)) return fail();
    t_delta_ = static_cast<int64_t>(delta);
  } else {
    // The prefix of 1s (at most four, then a 0 unless four) names the bucket.
    const int ones = std::min(4, std::countl_one(reader_.peek()));
    if (!reader_.skip(static_cast<uint64_t>(ones == 4 ? 4 : ones + 1))) return fail();
    int64_t dod = 0;
    if (ones > 0) {
      int size = ones == 4 ? 64 : kBuckets[ones - 1].value_bits;
      uint64_t raw;
      if (!reader_.read_bits(size, raw)) return fail();
      if (size == 64) {
        dod = static_cast<int64_t>(raw);
      } else {
        // Two's complement of `size` bits; the range is shifted by one, as written.
        dod = raw > (uint64_t{1} << (size - 1)) ? static_cast<int64_t>(raw) - (int64_t{1} << size)
                                                : static_cast<int64_t>(raw);
      }
    }
    if (__builtin_add_overflow(t_delta_, dod, &t_delta_) || t_delta_ <= 0) return fail();
  }
  if (__builtin_add_overflow(t_, t_delta_, &t_)) return fail();
  if (!read_value()) return fail();
  ++read_;
  return true;
}

bool XorIterator::read_value() {
  // `0`: unchanged; `10`: the previous window; `11` + 5 + 6 bits: a new one.
  const uint64_t head = reader_.peek();
  if ((head >> 63) == 0) return reader_.skip(1);
  const bool new_window = ((head >> 62) & 1) != 0;
  if (!reader_.skip(new_window ? 13 : 2)) return false;
  if (new_window) {
    const uint64_t leading = (head >> 57) & 31;
    uint64_t significant = (head >> 51) & 63;
    if (significant == 0) significant = 64;
    if (leading + significant > 64) return false;
    leading_ = static_cast<uint8_t>(leading);
    trailing_ = static_cast<uint8_t>(64 - leading - significant);
  }
  int significant = 64 - leading_ - trailing_;
  uint64_t bits;
  if (!reader_.read_bits(significant, bits)) return false;
  v_bits_ ^= bits << trailing_;
  return true;
}

}  // namespace vigil::storage::chunk
