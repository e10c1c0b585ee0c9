#include "ingest/otlp/histograms.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::ingest::otlp {
namespace {

using opentelemetry::proto::metrics::v1::ExponentialHistogramDataPoint;
using opentelemetry::proto::metrics::v1::HistogramDataPoint;

// Index range of a side: [first, last]; an empty side spans 0.
int64_t span(const ExponentialBuckets& b) { return static_cast<int64_t>(b.counts.size()); }

// Floor division by 2^by for negative indices too (arithmetic shift).
int64_t shift(int64_t index, int32_t by) { return index >> by; }

void downscale_side(ExponentialBuckets& b, int32_t by) {
  if (by == 0) return;
  const int64_t first = shift(b.offset, by);
  if (b.counts.empty()) {
    b.offset = static_cast<int32_t>(first);
    return;
  }
  const int64_t last = shift(static_cast<int64_t>(b.offset) + span(b) - 1, by);
  std::vector<uint64_t> merged(static_cast<size_t>(last - first + 1), 0);
  for (size_t i = 0; i < b.counts.size(); ++i) {
    merged[static_cast<size_t>(shift(static_cast<int64_t>(b.offset) + static_cast<int64_t>(i), by) - first)] +=
        b.counts[i];
  }
  b.offset = static_cast<int32_t>(first);
  b.counts = std::move(merged);
}

void downscale(ExponentialHistogram& h, int32_t by) {
  downscale_side(h.positive, by);
  downscale_side(h.negative, by);
  h.scale -= by;
}

void fit(ExponentialHistogram& h) {
  while (span(h.positive) > kMaxBucketsPerSide || span(h.negative) > kMaxBucketsPerSide) downscale(h, 1);
}

// Trailing and leading empty buckets carry nothing; dropping them keeps the
// span (and the downscaling it causes) about the data.
void trim(ExponentialBuckets& b) {
  while (!b.counts.empty() && b.counts.back() == 0) b.counts.pop_back();
  size_t leading = 0;
  while (leading < b.counts.size() && b.counts[leading] == 0) ++leading;
  b.counts.erase(b.counts.begin(), b.counts.begin() + static_cast<std::ptrdiff_t>(leading));
  b.offset = b.counts.empty() ? 0 : static_cast<int32_t>(b.offset + static_cast<int64_t>(leading));
}

std::expected<ExponentialBuckets, std::string> read_side(const ExponentialHistogramDataPoint::Buckets& in,
                                                         const char* side) {
  ExponentialBuckets out;
  out.offset = in.offset();
  const int64_t last = static_cast<int64_t>(in.offset()) + in.bucket_counts_size() - 1;
  if (last > std::numeric_limits<int32_t>::max()) {
    return std::unexpected(std::string(side) + " buckets reach past bucket index 2^31");
  }
  out.counts.assign(in.bucket_counts().begin(), in.bucket_counts().end());
  trim(out);
  return out;
}

bool add_checked(uint64_t& total, uint64_t n) { return !__builtin_add_overflow(total, n, &total); }

void add_side(ExponentialBuckets& into, const ExponentialBuckets& add) {
  if (add.counts.empty()) return;
  if (into.counts.empty()) {
    into = add;
    return;
  }
  const int64_t first = std::min<int64_t>(into.offset, add.offset);
  const int64_t last = std::max<int64_t>(into.offset + span(into), add.offset + span(add)) - 1;
  std::vector<uint64_t> merged(static_cast<size_t>(last - first + 1), 0);
  for (size_t i = 0; i < into.counts.size(); ++i) merged[static_cast<size_t>(into.offset - first) + i] += into.counts[i];
  for (size_t i = 0; i < add.counts.size(); ++i) merged[static_cast<size_t>(add.offset - first) + i] += add.counts[i];
  into.offset = static_cast<int32_t>(first);
  into.counts = std::move(merged);
}

// b^index for base b = 2^(2^-scale): 2^(index * 2^-scale). Far outside the
// double range the result is 0 or infinity, which to_classic handles.
double power(int32_t scale, int64_t index) {
  const double exponent = std::ldexp(static_cast<double>(index), -scale);
  if (exponent > 1100) return std::numeric_limits<double>::infinity();
  if (exponent < -1100) return 0;
  return std::exp2(exponent);
}

}  // namespace

std::expected<ClassicHistogram, std::string> read_classic(const HistogramDataPoint& point) {
  ClassicHistogram out;
  out.bounds.assign(point.explicit_bounds().begin(), point.explicit_bounds().end());
  out.counts.assign(point.bucket_counts().begin(), point.bucket_counts().end());
  out.count = point.count();
  if (point.has_sum()) out.sum = point.sum();
  if (!out.counts.empty() && out.counts.size() != out.bounds.size() + 1) {
    return std::unexpected("has " + std::to_string(out.counts.size()) + " bucket_counts for " +
                           std::to_string(out.bounds.size()) + " explicit_bounds (expected one more count than bounds)");
  }
  for (size_t i = 0; i < out.bounds.size(); ++i) {
    if (std::isnan(out.bounds[i]) || (i > 0 && out.bounds[i] <= out.bounds[i - 1])) {
      return std::unexpected(std::string("explicit_bounds are not strictly increasing numbers"));
    }
  }
  // A bucket bound of +Inf is the overflow bucket itself.
  if (!out.bounds.empty() && std::isinf(out.bounds.back()) && out.bounds.back() > 0) {
    out.bounds.pop_back();
    if (!out.counts.empty()) {
      out.counts[out.counts.size() - 2] += out.counts.back();
      out.counts.pop_back();
    }
  }
  return out;
}

std::expected<ExponentialHistogram, std::string> read_exponential(const ExponentialHistogramDataPoint& point) {
  ExponentialHistogram out;
  if (point.scale() < kMinScale || point.scale() > kMaxScale) {
    return std::unexpected("scale " + std::to_string(point.scale()) + " is outside [" + std::to_string(kMinScale) +
                           ", " + std::to_string(kMaxScale) + "]");
  }
  if (!(point.zero_threshold() >= 0) || std::isinf(point.zero_threshold())) {
    return std::unexpected(std::string("zero_threshold is not a non-negative number"));
  }
  out.scale = point.scale();
  out.zero_threshold = point.zero_threshold();
  out.zero_count = point.zero_count();
  out.count = point.count();
  if (point.has_sum()) out.sum = point.sum();
  auto positive = read_side(point.positive(), "positive");
  if (!positive) return std::unexpected(positive.error());
  auto negative = read_side(point.negative(), "negative");
  if (!negative) return std::unexpected(negative.error());
  out.positive = std::move(*positive);
  out.negative = std::move(*negative);
  uint64_t total = out.zero_count;
  for (uint64_t n : out.positive.counts) {
    if (!add_checked(total, n)) return std::unexpected(std::string("bucket counts overflow"));
  }
  for (uint64_t n : out.negative.counts) {
    if (!add_checked(total, n)) return std::unexpected(std::string("bucket counts overflow"));
  }
  if (total > out.count) {
    return std::unexpected("bucket counts add up to " + std::to_string(total) + ", more than count " +
                           std::to_string(out.count));
  }
  fit(out);
  return out;
}

void add_exponential(ExponentialHistogram& total, const ExponentialHistogram& delta) {
  ExponentialHistogram add = delta;
  const int32_t scale = std::min(total.scale, add.scale);
  downscale(total, total.scale - scale);
  downscale(add, add.scale - scale);
  add_side(total.positive, add.positive);
  add_side(total.negative, add.negative);
  total.zero_threshold = std::max(total.zero_threshold, add.zero_threshold);
  total.zero_count += add.zero_count;
  total.count += add.count;
  if (total.sum && add.sum) {
    *total.sum += *add.sum;
  } else {
    total.sum.reset();
  }
  fit(total);
}

ClassicHistogram to_classic(const ExponentialHistogram& h) {
  // (upper bound, count) in increasing order of bound.
  std::vector<std::pair<double, uint64_t>> buckets;
  for (int64_t i = span(h.negative) - 1; i >= 0; --i) {
    buckets.emplace_back(-power(h.scale, h.negative.offset + i), h.negative.counts[static_cast<size_t>(i)]);
  }
  if (h.zero_count > 0 || !h.negative.counts.empty()) buckets.emplace_back(h.zero_threshold, h.zero_count);
  for (int64_t i = 0; i < span(h.positive); ++i) {
    buckets.emplace_back(power(h.scale, h.positive.offset + i + 1), h.positive.counts[static_cast<size_t>(i)]);
  }

  ClassicHistogram out;
  out.count = h.count;
  out.sum = h.sum;
  uint64_t overflow = 0;
  for (const auto& [bound, n] : buckets) {
    if (std::isinf(bound) && bound > 0) {
      overflow += n;  // beyond the double range: only +Inf holds it
    } else if (!out.bounds.empty() && bound <= out.bounds.back()) {
      out.counts.back() += n;  // bounds that round together share a bucket
    } else {
      out.bounds.push_back(std::isinf(bound) ? -std::numeric_limits<double>::max() : bound);
      out.counts.push_back(n);
    }
  }
  out.counts.push_back(overflow);
  return out;
}

}  // namespace vigil::ingest::otlp
