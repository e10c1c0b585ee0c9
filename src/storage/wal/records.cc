#include "storage/wal/records.h"

#include <bit>
#include <string>
#include <utility>

#include "storage/wal/byte_codec.h"

namespace vigil::storage::wal {
namespace {

// The fewest bytes one entry can take, to reject a count the payload cannot
// hold before reserving memory for it.
constexpr size_t kMinSeriesBytes = 2;     // ref, label count
constexpr size_t kMinLabelBytes = 2;      // name length, value length
constexpr size_t kMinSampleBytes = 10;    // ref, t, 8-byte value
constexpr size_t kMinTombstoneBytes = 3;  // ref, min_t, max_t

// Prefixes the record type to errors from the byte reader and the labels.
class PayloadReader {
 public:
  PayloadReader(const char* record, std::span<const uint8_t> payload) : record_(record), in_(payload) {}

  Error error(const std::string& what, size_t offset) const {
    return make_error(ErrorKind::corruption,
                      std::string(record_) + " record: " + what + " at offset " + std::to_string(offset));
  }
  Error wrap(const Error& e) const { return make_error(e.kind, std::string(record_) + " record: " + e.message); }

  template <class T>
  Result<T> read(Result<T> (ByteReader::*op)()) {
    auto v = (in_.*op)();
    if (!v) return std::unexpected(wrap(v.error()));
    return v;
  }

  // A count of entries at least `min_bytes` each.
  Result<size_t> count(const char* what, size_t min_bytes) {
    size_t start = in_.offset();
    auto n = read(&ByteReader::uvarint);
    if (!n) return std::unexpected(n.error());
    if (*n > in_.remaining() / min_bytes) {
      return std::unexpected(error(std::string(what) + " count " + std::to_string(*n) + " exceeds the payload", start));
    }
    return static_cast<size_t>(*n);
  }

  Result<void> expect_end() const {
    if (in_.remaining() != 0) {
      return std::unexpected(error(std::to_string(in_.remaining()) + " trailing bytes", in_.offset()));
    }
    return {};
  }

  size_t offset() const { return in_.offset(); }

 private:
  const char* record_;
  ByteReader in_;
};

}  // namespace

void encode_series(std::span<const RefSeries> series, std::vector<uint8_t>& out) {
  out.clear();
  ByteWriter w(out);
  w.uvarint(series.size());
  for (const RefSeries& s : series) {
    w.uvarint(s.ref);
    w.uvarint(s.labels.size());
    for (const Label& l : s.labels) {
      w.string(l.name);
      w.string(l.value);
    }
  }
}

void encode_samples(std::span<const RefSample> samples, std::vector<uint8_t>& out) {
  out.clear();
  ByteWriter w(out);
  w.uvarint(samples.size());
  uint64_t prev_ref = 0;
  uint64_t prev_t = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    const RefSample& s = samples[i];
    // Deltas are taken modulo 2^64 so that any jump, INT64_MIN to INT64_MAX
    // included, round-trips; the decoder adds them back the same way.
    uint64_t t = static_cast<uint64_t>(s.t);
    if (i == 0) {
      w.uvarint(s.ref);
      w.varint(s.t);
    } else {
      w.varint(static_cast<int64_t>(s.ref - prev_ref));
      w.varint(static_cast<int64_t>(t - prev_t));
    }
    w.u64_le(std::bit_cast<uint64_t>(s.v));
    prev_ref = s.ref;
    prev_t = t;
  }
}

void encode_tombstones(std::span<const RefTombstone> tombstones, std::vector<uint8_t>& out) {
  out.clear();
  ByteWriter w(out);
  w.uvarint(tombstones.size());
  for (const RefTombstone& t : tombstones) {
    w.uvarint(t.ref);
    w.varint(t.min_t);
    w.varint(t.max_t);
  }
}

Result<std::vector<RefSeries>> decode_series(std::span<const uint8_t> payload) {
  PayloadReader in("series", payload);
  auto n = in.count("series", kMinSeriesBytes);
  if (!n) return std::unexpected(n.error());
  std::vector<RefSeries> out;
  out.reserve(*n);
  for (size_t i = 0; i < *n; ++i) {
    size_t start = in.offset();
    auto ref = in.read(&ByteReader::uvarint);
    if (!ref) return std::unexpected(ref.error());
    auto label_count = in.count("label", kMinLabelBytes);
    if (!label_count) return std::unexpected(label_count.error());
    std::vector<Label> labels;
    labels.reserve(*label_count);
    for (size_t j = 0; j < *label_count; ++j) {
      auto name = in.read(&ByteReader::string);
      if (!name) return std::unexpected(name.error());
      auto value = in.read(&ByteReader::string);
      if (!value) return std::unexpected(value.error());
      labels.push_back(Label{std::string(*name), std::string(*value)});
    }
    auto set = LabelSet::from(std::move(labels));
    if (!set) return std::unexpected(in.error("series " + std::to_string(*ref) + ": " + set.error().message, start));
    out.push_back(RefSeries{*ref, std::move(*set)});
  }
  if (auto end = in.expect_end(); !end) return std::unexpected(end.error());
  return out;
}

namespace {

// Replay decodes every sample ever logged, so the well-formed case avoids the
// checked reader's per-field Result; anything it does not accept is decoded
// again by decode_samples_checked, which names the error.
class FastReader {
 public:
  explicit FastReader(std::span<const uint8_t> bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  // The same encodings as ByteReader::uvarint accepts.
  bool uvarint(uint64_t& v) {
    if (p_ < end_ && *p_ < 0x80) {
      v = *p_++;
      return true;
    }
    v = 0;
    for (size_t i = 0; i < kMaxVarintBytes; ++i) {
      if (p_ + i >= end_) return false;
      const uint8_t b = p_[i];
      if (i == kMaxVarintBytes - 1 && b > 1) return false;
      v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if (b < 0x80) {
        p_ += i + 1;
        return true;
      }
    }
    return false;
  }
  bool varint(uint64_t& v) {
    if (!uvarint(v)) return false;
    v = static_cast<uint64_t>(zigzag_decode(v));
    return true;
  }
  bool u64_le(uint64_t& v) {
    if (end_ - p_ < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p_[i]) << (8 * i);
    p_ += 8;
    return true;
  }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

bool decode_samples_fast(std::span<const uint8_t> payload, std::vector<RefSample>& out) {
  FastReader in(payload);
  uint64_t n;
  if (!in.uvarint(n) || n > in.remaining() / kMinSampleBytes) return false;
  out.resize(n);
  uint64_t ref = 0;
  uint64_t t = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t ref_field, t_field, bits;
    if (i == 0 ? !in.uvarint(ref_field) : !in.varint(ref_field)) return false;
    if (!in.varint(t_field) || !in.u64_le(bits)) return false;
    // Deltas after the first, modulo 2^64 as encoded.
    ref = i == 0 ? ref_field : ref + ref_field;
    t = i == 0 ? t_field : t + t_field;
    out[i] = RefSample{ref, static_cast<int64_t>(t), std::bit_cast<double>(bits)};
  }
  return in.remaining() == 0;
}

Result<std::vector<RefSample>> decode_samples_checked(std::span<const uint8_t> payload) {
  PayloadReader in("samples", payload);
  auto n = in.count("sample", kMinSampleBytes);
  if (!n) return std::unexpected(n.error());
  std::vector<RefSample> out;
  out.reserve(*n);
  uint64_t ref = 0;
  uint64_t t = 0;
  for (size_t i = 0; i < *n; ++i) {
    if (i == 0) {
      auto first_ref = in.read(&ByteReader::uvarint);
      if (!first_ref) return std::unexpected(first_ref.error());
      auto first_t = in.read(&ByteReader::varint);
      if (!first_t) return std::unexpected(first_t.error());
      ref = *first_ref;
      t = static_cast<uint64_t>(*first_t);
    } else {
      auto ref_delta = in.read(&ByteReader::varint);
      if (!ref_delta) return std::unexpected(ref_delta.error());
      auto t_delta = in.read(&ByteReader::varint);
      if (!t_delta) return std::unexpected(t_delta.error());
      ref += static_cast<uint64_t>(*ref_delta);
      t += static_cast<uint64_t>(*t_delta);
    }
    auto bits = in.read(&ByteReader::u64_le);
    if (!bits) return std::unexpected(bits.error());
    out.push_back(RefSample{ref, static_cast<int64_t>(t), std::bit_cast<double>(*bits)});
  }
  if (auto end = in.expect_end(); !end) return std::unexpected(end.error());
  return out;
}

}  // namespace

Result<void> decode_samples_into(std::span<const uint8_t> payload, std::vector<RefSample>& out) {
  if (decode_samples_fast(payload, out)) return {};
  auto checked = decode_samples_checked(payload);
  if (!checked) return std::unexpected(checked.error());
  out = std::move(*checked);
  return {};
}

Result<std::vector<RefSample>> decode_samples(std::span<const uint8_t> payload) {
  std::vector<RefSample> out;
  if (auto ok = decode_samples_into(payload, out); !ok) return std::unexpected(ok.error());
  return out;
}

Result<std::vector<RefTombstone>> decode_tombstones(std::span<const uint8_t> payload) {
  PayloadReader in("tombstones", payload);
  auto n = in.count("tombstone", kMinTombstoneBytes);
  if (!n) return std::unexpected(n.error());
  std::vector<RefTombstone> out;
  out.reserve(*n);
  for (size_t i = 0; i < *n; ++i) {
    auto ref = in.read(&ByteReader::uvarint);
    if (!ref) return std::unexpected(ref.error());
    auto min_t = in.read(&ByteReader::varint);
    if (!min_t) return std::unexpected(min_t.error());
    auto max_t = in.read(&ByteReader::varint);
    if (!max_t) return std::unexpected(max_t.error());
    out.push_back(RefTombstone{*ref, *min_t, *max_t});
  }
  if (auto end = in.expect_end(); !end) return std::unexpected(end.error());
  return out;
}

}  // namespace vigil::storage::wal
