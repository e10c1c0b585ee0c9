#pragma once
// Payload codecs of the three WAL record types (docs/storage-format.md,
// "WAL records"). Series are logged once, when first seen, so later records
// refer to them by their dense ref; samples are delta-encoded because a batch
// usually holds neighbouring refs and close timestamps.

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_set.h"

namespace vigil::storage::wal {

struct RefSeries {
  uint64_t ref = 0;
  LabelSet labels;

  friend bool operator==(const RefSeries&, const RefSeries&) = default;
};

struct RefSample {
  uint64_t ref = 0;
  int64_t t = 0;  // milliseconds
  double v = 0;   // logged bit for bit: NaN payloads (staleness markers) survive
};

// Samples of `ref` in [min_t, max_t] are deleted.
struct RefTombstone {
  uint64_t ref = 0;
  int64_t min_t = 0;
  int64_t max_t = 0;

  friend bool operator==(const RefTombstone&, const RefTombstone&) = default;
};

// Encoders replace `out`'s contents; passing the same buffer for every batch
// reuses its capacity.
void encode_series(std::span<const RefSeries> series, std::vector<uint8_t>& out);
void encode_samples(std::span<const RefSample> samples, std::vector<uint8_t>& out);
void encode_tombstones(std::span<const RefTombstone> tombstones, std::vector<uint8_t>& out);

// Decoders accept exactly one whole payload; truncation, overlong varints,
// counts larger than the payload could hold, trailing bytes and invalid label
// sets are ErrorKind::corruption errors naming the record type and offset.
Result<std::vector<RefSeries>> decode_series(std::span<const uint8_t> payload);
Result<std::vector<RefSample>> decode_samples(std::span<const uint8_t> payload);
// The same, into `out` (replaced), so that replay reuses one buffer for
// every record.
Result<void> decode_samples_into(std::span<const uint8_t> payload, std::vector<RefSample>& out);
Result<std::vector<RefTombstone>> decode_tombstones(std::span<const uint8_t> payload);

}  // namespace vigil::storage::wal
