#pragma once
// Histogram data points as plain values, and OpenTelemetry's exponential
// histograms converted to classic (explicit-bucket) ones, since storage keeps
// classic `_bucket` series only.
//
// An exponential histogram at scale s has base b = 2^(2^-s); positive bucket
// i counts values in (b^i, b^(i+1)], negative bucket i values in
// [-b^(i+1), -b^i), and the zero bucket values in [-zero_threshold,
// zero_threshold]. Each becomes a classic bucket with upper bound b^(i+1),
// -b^i and zero_threshold. To keep the number of `_bucket` series bounded,
// the histogram is first downscaled (adjacent buckets merged, scale lowered)
// until each side spans at most kMaxBucketsPerSide buckets.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "opentelemetry/proto/metrics/v1/metrics.pb.h"

namespace vigil::ingest::otlp {

inline constexpr int64_t kMaxBucketsPerSide = 40;
inline constexpr int32_t kMinScale = -10;
inline constexpr int32_t kMaxScale = 20;

// Explicit buckets: counts[i] are the values <= bounds[i] (and > bounds[i-1]);
// counts.back() (index bounds.size()) the values above the last bound.
struct ClassicHistogram {
  std::vector<double> bounds;  // strictly increasing, finite
  std::vector<uint64_t> counts;  // bounds.size() + 1 entries, or none
  uint64_t count = 0;
  std::optional<double> sum;
};

struct ExponentialBuckets {
  int32_t offset = 0;
  std::vector<uint64_t> counts;
};

struct ExponentialHistogram {
  int32_t scale = 0;
  double zero_threshold = 0;
  uint64_t zero_count = 0;
  ExponentialBuckets positive;
  ExponentialBuckets negative;
  uint64_t count = 0;
  std::optional<double> sum;
};

// The point as a classic histogram; a message when it is inconsistent
// (bucket_counts not one more than explicit_bounds, bounds not increasing).
std::expected<ClassicHistogram, std::string> read_classic(
    const opentelemetry::proto::metrics::v1::HistogramDataPoint& point);

// The point, validated (scale in [kMinScale, kMaxScale], zero_threshold a
// non-negative number, buckets not adding up to more than count) and
// downscaled to at most kMaxBucketsPerSide buckets per side.
std::expected<ExponentialHistogram, std::string> read_exponential(
    const opentelemetry::proto::metrics::v1::ExponentialHistogramDataPoint& point);

// Adds `delta` to `total` (delta to cumulative), at the lower of the two
// scales, downscaling further if the union of the buckets is too wide. The
// larger zero threshold is kept.
void add_exponential(ExponentialHistogram& total, const ExponentialHistogram& delta);

ClassicHistogram to_classic(const ExponentialHistogram& histogram);

}  // namespace vigil::ingest::otlp
