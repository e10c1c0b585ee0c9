#include "storage/block/sample_codec.h"

#include <algorithm>
#include <bit>
#include <optional>
#include <stdexcept>
#include <string>

#include "storage/block/byte_cursor.h"
#include "storage/block/decimal_floats.h"
#include "storage/block/gorilla_values.h"
#include "storage/block/packed_ints.h"
#include "storage/wal/byte_codec.h"

namespace vigil::storage::block {

namespace {

using wal::ByteWriter;

// The header byte: bits 0-1 the timestamp scheme, bits 2-3 the value scheme,
// bit 4 set when decimal mantissas are stored as delta-of-delta rather than
// delta; bits 5-7 are zero.
enum class TimeScheme : uint8_t { regular = 0, deltas = 1, grid = 2, delta_of_delta = 3 };
enum class ValueScheme : uint8_t { constant = 0, decimal = 1, gorilla = 2 };
constexpr int kValueSchemeShift = 2;
constexpr uint8_t kTimeSchemeBits = 0x03;
constexpr uint8_t kValueSchemeBits = 0x0c;
constexpr uint8_t kMantissaDeltaOfDelta = 0x10;
constexpr uint8_t kReservedBits = 0xe0;

constexpr uint8_t value_header(ValueScheme scheme, bool delta_of_delta = false) {
  return static_cast<uint8_t>((static_cast<uint8_t>(scheme) << kValueSchemeShift) |
                              (delta_of_delta ? kMantissaDeltaOfDelta : 0));
}

uint64_t bits_of(double v) { return std::bit_cast<uint64_t>(v); }
// Timestamp and mantissa arithmetic wraps modulo 2^64, so that any jump, even
// INT64_MIN to INT64_MAX, has a delta.
uint64_t wrap(int64_t v) { return static_cast<uint64_t>(v); }

// ---- timestamps ----

uint64_t most_common(std::vector<uint64_t> values) {
  std::sort(values.begin(), values.end());
  uint64_t best = values[0];
  size_t best_run = 0;
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j < values.size() && values[j] == values[i]) ++j;
    if (j - i > best_run) {
      best_run = j - i;
      best = values[i];
    }
    i = j;
  }
  return best;
}

TimeScheme encode_timestamps(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  ByteWriter(out).varint(samples[0].t);
  if (samples.size() == 1) return TimeScheme::regular;
  std::vector<uint64_t> deltas(samples.size() - 1);
  for (size_t i = 1; i < samples.size(); ++i) deltas[i - 1] = wrap(samples[i].t) - wrap(samples[i - 1].t);
  if (std::all_of(deltas.begin(), deltas.end(), [&](uint64_t d) { return d == deltas[0]; })) {
    ByteWriter(out).uvarint(deltas[0]);
    return TimeScheme::regular;
  }
  // Scrapes keep an interval with a few milliseconds of jitter around a fixed
  // phase (grid), shift phase after a missed or slow scrape (deltas), or
  // drift (delta_of_delta): the smallest wins.
  uint64_t interval = most_common(deltas);
  std::vector<int64_t> sequence(deltas.size());
  std::vector<uint8_t> best, candidate;
  TimeScheme best_scheme = TimeScheme::deltas;
  for (TimeScheme scheme : {TimeScheme::deltas, TimeScheme::grid, TimeScheme::delta_of_delta}) {
    candidate.clear();
    for (size_t i = 0; i < deltas.size(); ++i) {
      uint64_t v = deltas[i];
      if (scheme == TimeScheme::grid) v = wrap(samples[i + 1].t) - wrap(samples[0].t) - (i + 1) * interval;
      if (scheme == TimeScheme::delta_of_delta && i > 0) v = deltas[i] - deltas[i - 1];
      sequence[i] = static_cast<int64_t>(v);
    }
    if (scheme == TimeScheme::grid) ByteWriter(candidate).uvarint(interval);
    encode_packed_ints(sequence, candidate);
    if (best.empty() || candidate.size() < best.size()) {
      best.swap(candidate);
      best_scheme = scheme;
    }
  }
  out.insert(out.end(), best.begin(), best.end());
  return best_scheme;
}

Result<void> decode_timestamps(ByteCursor& in, TimeScheme scheme, std::span<Sample> samples,
                               std::vector<int64_t>& sequence) {
  auto first = in.varint("first timestamp");
  if (!first) return std::unexpected(first.error());
  samples[0].t = *first;
  if (samples.size() == 1) {
    if (scheme != TimeScheme::regular) return std::unexpected(in.error("irregular timestamps for one sample"));
    return {};
  }
  uint64_t interval = 0;
  if (scheme == TimeScheme::regular || scheme == TimeScheme::grid) {
    auto i = in.uvarint("interval");
    if (!i) return std::unexpected(i.error());
    interval = *i;
  }
  if (scheme != TimeScheme::regular) {
    if (auto r = decode_packed_ints(in, samples.size() - 1, sequence); !r) return r;
  }
  uint64_t t0 = wrap(*first), previous = t0, delta = 0;
  for (size_t i = 1; i < samples.size(); ++i) {
    uint64_t t = 0;
    switch (scheme) {
      case TimeScheme::regular: t = previous + interval; break;
      case TimeScheme::deltas: t = previous + wrap(sequence[i - 1]); break;
      case TimeScheme::grid: t = t0 + i * interval + wrap(sequence[i - 1]); break;
      case TimeScheme::delta_of_delta:
        delta += wrap(sequence[i - 1]);
        t = previous + delta;
        break;
    }
    if (static_cast<int64_t>(t) <= static_cast<int64_t>(previous)) {
      return std::unexpected(in.error("timestamp " + std::to_string(i) + " not after the previous one"));
    }
    samples[i].t = static_cast<int64_t>(t);
    previous = t;
  }
  return {};
}

// ---- exceptions: values stored as raw bits at their positions ----

void write_exceptions(std::span<const Sample> samples, std::span<const size_t> positions, std::vector<uint8_t>& out) {
  ByteWriter w(out);
  w.uvarint(positions.size());
  size_t next = 0;
  for (size_t p : positions) {
    w.uvarint(p - next);
    w.u64_le(bits_of(samples[p].v));
    next = p + 1;
  }
}

struct Exceptions {
  std::vector<size_t> positions;
  std::vector<uint64_t> bits;
};

constexpr size_t kMinExceptionBytes = 9;  // a one-byte gap and the 8-byte value

Result<void> read_exceptions(ByteCursor& in, size_t count, Exceptions& exceptions) {
  auto k = in.uvarint("exception count");
  if (!k) return std::unexpected(k.error());
  if (*k > count || *k > in.remaining() / kMinExceptionBytes) {
    return std::unexpected(in.error(std::to_string(*k) + " exceptions do not fit"));
  }
  exceptions.positions.resize(*k);
  exceptions.bits.resize(*k);
  uint64_t next = 0;
  for (size_t j = 0; j < *k; ++j) {
    auto gap = in.uvarint("exception position");
    if (!gap) return std::unexpected(gap.error());
    if (*gap >= count - next) return std::unexpected(in.error("exception position past the last sample"));
    auto bits = in.u64_le("exception value");
    if (!bits) return std::unexpected(bits.error());
    exceptions.positions[j] = static_cast<size_t>(next + *gap);
    exceptions.bits[j] = *bits;
    next += *gap + 1;
  }
  return {};
}

// Writes the exceptions at their positions and `regular` (one per remaining
// sample, in order) everywhere else.
void merge_values(const Exceptions& exceptions, std::span<const uint64_t> regular, std::span<Sample> samples) {
  size_t e = 0, r = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    bool exception = e < exceptions.positions.size() && exceptions.positions[e] == i;
    samples[i].v = std::bit_cast<double>(exception ? exceptions.bits[e++] : regular[r++]);
  }
}

// ---- constant values ----

void encode_constant(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  // The middle value, so that a stale marker at either end is the exception.
  uint64_t constant = bits_of(samples[samples.size() / 2].v);
  std::vector<size_t> exceptions;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (bits_of(samples[i].v) != constant) exceptions.push_back(i);
  }
  write_exceptions(samples, exceptions, out);
  ByteWriter(out).u64_le(constant);
}

// ---- decimal values ----

struct Decimals {
  int exponent = 0;
  std::vector<size_t> exceptions;
  std::vector<int64_t> mantissas;  // of the other samples, in order
};

Decimals decimals_at(std::span<const Sample> samples, std::span<const int8_t> exponents, int exponent) {
  Decimals d{.exponent = exponent};
  for (size_t i = 0; i < samples.size(); ++i) {
    auto m = exponents[i] <= exponent ? decimal_mantissa(samples[i].v, exponent) : std::nullopt;
    if (m) {
      d.mantissas.push_back(*m);
    } else {
      d.exceptions.push_back(i);
    }
  }
  return d;
}

void encode_decimals(std::span<const Sample> samples, const Decimals& d, bool delta_of_delta, std::vector<uint8_t>& out) {
  write_exceptions(samples, d.exceptions, out);
  out.push_back(static_cast<uint8_t>(static_cast<int8_t>(d.exponent)));
  if (d.mantissas.empty()) return;
  ByteWriter(out).varint(d.mantissas[0]);
  std::vector<int64_t> sequence(d.mantissas.size() - 1);
  uint64_t previous_delta = 0;
  for (size_t i = 1; i < d.mantissas.size(); ++i) {
    uint64_t delta = wrap(d.mantissas[i]) - wrap(d.mantissas[i - 1]);
    sequence[i - 1] = static_cast<int64_t>(delta_of_delta ? delta - previous_delta : delta);
    previous_delta = delta;
  }
  encode_packed_ints(sequence, out);
}

// The exponents worth trying: the one that fits every decimal value, and the
// one that leaves a few outliers (a 3-decimal value among 2-decimal ones) as
// exceptions.
std::vector<int> candidate_exponents(std::span<const int8_t> exponents) {
  std::vector<int8_t> fitting;
  for (int8_t e : exponents) {
    if (e != kNotDecimal) fitting.push_back(e);
  }
  if (fitting.empty()) return {};
  std::sort(fitting.begin(), fitting.end());
  int all = fitting.back();
  int most = fitting[fitting.size() - 1 - std::min(fitting.size() - 1, exponents.size() / 32)];
  if (most == all) return {all};
  return {all, most};
}

Result<void> decode_decimals(ByteCursor& in, size_t count, bool delta_of_delta, std::vector<uint64_t>& regular,
                             std::vector<int64_t>& sequence) {
  auto e = in.byte("exponent");
  if (!e) return std::unexpected(e.error());
  int exponent = static_cast<int8_t>(*e);
  if (exponent < kMinDecimalExponent || exponent > kMaxDecimalExponent) {
    return std::unexpected(in.error("exponent " + std::to_string(exponent) + " out of range"));
  }
  regular.resize(count);
  if (count == 0) return {};
  auto first = in.varint("first mantissa");
  if (!first) return std::unexpected(first.error());
  if (auto r = decode_packed_ints(in, count - 1, sequence); !r) return r;
  uint64_t mantissa = wrap(*first), delta = 0;
  regular[0] = bits_of(decimal_value(*first, exponent));
  for (size_t i = 1; i < count; ++i) {
    uint64_t field = wrap(sequence[i - 1]);
    delta = delta_of_delta ? delta + field : field;
    mantissa += delta;
    regular[i] = bits_of(decimal_value(static_cast<int64_t>(mantissa), exponent));
  }
  return {};
}

// ---- choosing the value scheme ----

struct ValueChoice {
  uint8_t header = 0;
  std::vector<uint8_t> bytes;
  bool chosen = false;

  void offer(uint8_t candidate_header, std::vector<uint8_t>& candidate) {
    if (!chosen || candidate.size() < bytes.size()) {
      header = candidate_header;
      bytes.swap(candidate);
      chosen = true;
    }
    candidate.clear();
  }
};

uint8_t encode_values(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  ValueChoice best;
  std::vector<uint8_t> candidate;
  encode_constant(samples, candidate);
  best.offer(value_header(ValueScheme::constant), candidate);

  std::vector<int8_t> exponents(samples.size());
  size_t not_decimal = 0;
  for (size_t i = 0; i < samples.size(); ++i) {
    exponents[i] = smallest_decimal_exponent(samples[i].v);
    // Stop early on noisy floats: each miss costs every exponent's trial.
    if (exponents[i] == kNotDecimal && ++not_decimal > samples.size() / 8 + 1) break;
  }
  if (not_decimal <= samples.size() / 8 + 1) {
    for (int exponent : candidate_exponents(exponents)) {
      Decimals d = decimals_at(samples, exponents, exponent);
      for (bool delta_of_delta : {false, true}) {
        encode_decimals(samples, d, delta_of_delta, candidate);
        best.offer(value_header(ValueScheme::decimal, delta_of_delta), candidate);
      }
    }
  }

  // Gorilla needs at least the first value and a bit per later one.
  if (best.bytes.size() > 9 + (samples.size() - 1) / 8) {
    std::vector<uint64_t> bits(samples.size());
    for (size_t i = 0; i < samples.size(); ++i) bits[i] = bits_of(samples[i].v);
    encode_gorilla_values(bits, candidate);
    best.offer(value_header(ValueScheme::gorilla), candidate);
  }
  out.insert(out.end(), best.bytes.begin(), best.bytes.end());
  return best.header;
}

Result<void> decode_values(ByteCursor& in, uint8_t header, std::span<Sample> samples) {
  auto scheme = static_cast<ValueScheme>((header & kValueSchemeBits) >> kValueSchemeShift);
  bool delta_of_delta = (header & kMantissaDeltaOfDelta) != 0;
  if (delta_of_delta && scheme != ValueScheme::decimal) {
    return std::unexpected(in.error("delta-of-delta flag without decimal values"));
  }
  std::vector<uint64_t> regular;
  if (scheme == ValueScheme::gorilla) {
    regular.resize(samples.size());
    if (auto r = decode_gorilla_values(in, regular); !r) return r;
    for (size_t i = 0; i < samples.size(); ++i) samples[i].v = std::bit_cast<double>(regular[i]);
    return {};
  }
  Exceptions exceptions;
  if (auto r = read_exceptions(in, samples.size(), exceptions); !r) return r;
  size_t count = samples.size() - exceptions.positions.size();
  if (scheme == ValueScheme::constant) {
    auto constant = in.u64_le("constant value");
    if (!constant) return std::unexpected(constant.error());
    regular.assign(count, *constant);
  } else {
    std::vector<int64_t> sequence;
    if (auto r = decode_decimals(in, count, delta_of_delta, regular, sequence); !r) return r;
  }
  merge_values(exceptions, regular, samples);
  return {};
}

Result<void> decode_into(ByteCursor& in, std::vector<Sample>& out) {
  auto header = in.byte("header");
  if (!header) return std::unexpected(header.error());
  if ((*header & kReservedBits) != 0 || (*header & kValueSchemeBits) == kValueSchemeBits) {
    return std::unexpected(in.error("unknown header " + std::to_string(*header)));
  }
  auto count = in.uvarint("sample count");
  if (!count) return std::unexpected(count.error());
  if (*count > kMaxSamples) return std::unexpected(in.error(std::to_string(*count) + " samples over the limit"));
  if (*count == 0) {
    if (*header != 0) return std::unexpected(in.error("schemes for no samples"));
    return {};
  }
  size_t start = out.size();
  out.resize(start + *count);
  std::span<Sample> samples(out.data() + start, *count);
  std::vector<int64_t> scratch;
  if (auto r = decode_timestamps(in, static_cast<TimeScheme>(*header & kTimeSchemeBits), samples, scratch); !r) {
    return r;
  }
  return decode_values(in, *header, samples);
}

}  // namespace

void encode_samples(std::span<const Sample> samples, std::vector<uint8_t>& out) {
  if (samples.size() > kMaxSamples) {
    throw std::length_error("encode_samples: " + std::to_string(samples.size()) + " samples over the limit");
  }
  if (samples.empty()) {
    out.push_back(0);
    out.push_back(0);
    return;
  }
  std::vector<uint8_t> times, values;
  TimeScheme time_scheme = encode_timestamps(samples, times);
  uint8_t header = static_cast<uint8_t>(static_cast<uint8_t>(time_scheme) | encode_values(samples, values));
  out.push_back(header);
  ByteWriter(out).uvarint(samples.size());
  out.insert(out.end(), times.begin(), times.end());
  out.insert(out.end(), values.begin(), values.end());
}

Result<size_t> decode_samples(std::span<const uint8_t> bytes, std::vector<Sample>& out) {
  ByteCursor in(bytes);
  size_t before = out.size();
  if (auto r = decode_into(in, out); !r) {
    out.resize(before);
    return std::unexpected(r.error());
  }
  return in.offset();
}

}  // namespace vigil::storage::block
