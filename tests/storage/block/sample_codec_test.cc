// Round-trip property tests of the block sample encoding over random and
// adversarial timestamps and values, loose size expectations for the common
// shapes, and rejection of malformed bytes.

#include "storage/block/sample_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace vigil::storage::block {
namespace {

uint64_t bits(double v) { return std::bit_cast<uint64_t>(v); }
double from_bits(uint64_t b) { return std::bit_cast<double>(b); }

std::vector<uint8_t> encode(const std::vector<Sample>& samples) {
  std::vector<uint8_t> out;
  encode_samples(samples, out);
  return out;
}

// Decodes after a sample already in `out` and with bytes after the encoding,
// which must be left alone.
void expect_round_trip(const std::vector<Sample>& in, const std::string& what) {
  std::vector<uint8_t> bytes = encode(in);
  size_t size = bytes.size();
  bytes.insert(bytes.end(), {0xde, 0xad, 0xbe, 0xef});
  std::vector<Sample> out{{-1, 2.5}};
  auto consumed = decode_samples(bytes, out);
  ASSERT_TRUE(consumed) << what << ": " << consumed.error().message;
  EXPECT_EQ(*consumed, size) << what;
  ASSERT_EQ(out.size(), in.size() + 1) << what;
  EXPECT_EQ(out[0].t, -1);
  for (size_t i = 0; i < in.size(); ++i) {
    ASSERT_EQ(out[i + 1].t, in[i].t) << what << ": sample " << i;
    ASSERT_EQ(bits(out[i + 1].v), bits(in[i].v)) << what << ": sample " << i << " of " << in[i].v;
  }
}

enum class Times { regular, jittered, missed_scrapes, irregular, drifting, huge_jumps };
enum class Values {
  counter, counter_with_resets, noisy_gauge, tenths, accumulated_tenths, three_decimals, integers,
  constant, constant_fraction, large_integers, specials, random_bits, stale_at_end, mixed_specials,
};
constexpr Times kAllTimes[] = {Times::regular, Times::jittered, Times::missed_scrapes,
                               Times::irregular, Times::drifting, Times::huge_jumps};
constexpr Values kAllValues[] = {
    Values::counter, Values::counter_with_resets, Values::noisy_gauge, Values::tenths, Values::accumulated_tenths,
    Values::three_decimals, Values::integers, Values::constant, Values::constant_fraction, Values::large_integers,
    Values::specials, Values::random_bits, Values::stale_at_end, Values::mixed_specials};

std::vector<int64_t> make_times(Times shape, size_t n, std::mt19937_64& rng) {
  std::vector<int64_t> t(n);
  int64_t base = 1700000000000 + static_cast<int64_t>(rng() % 100000);
  int64_t step = 1000 + static_cast<int64_t>(rng() % 3000);
  for (size_t i = 0; i < n; ++i) {
    int64_t previous = i == 0 ? base - 15000 : t[i - 1];
    switch (shape) {
      case Times::regular: t[i] = base + static_cast<int64_t>(i) * 15000; break;
      case Times::jittered: t[i] = base + static_cast<int64_t>(i) * 15000 + static_cast<int64_t>(rng() % 11) - 5; break;
      case Times::missed_scrapes: t[i] = previous + (rng() % 20 == 0 ? 30000 : 15000) + static_cast<int64_t>(rng() % 3); break;
      case Times::irregular: t[i] = previous + 1 + static_cast<int64_t>(rng() % 1000000); break;
      case Times::drifting:
        step += static_cast<int64_t>(rng() % 7);
        t[i] = previous + step;
        break;
      case Times::huge_jumps: break;
    }
  }
  if (shape == Times::huge_jumps) {
    // Distinct random points over the whole range, with both ends.
    std::vector<int64_t> points{std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()};
    while (points.size() < n) points.push_back(static_cast<int64_t>(rng() >> (rng() % 64)) * (rng() % 2 ? 1 : -1));
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    points.resize(std::min(points.size(), n));
    if (n == 1) points = {std::numeric_limits<int64_t>::max()};
    t = points;
  }
  return t;
}

double special(std::mt19937_64& rng) {
  const double table[] = {
      stale_nan(),
      from_bits(0x7ff8000000000000ULL),                    // the default quiet NaN
      from_bits(0xfff8000000000001ULL),                    // negative NaN with a payload
      from_bits(0x7ff0000000000001ULL | (rng() & 0x000fffffffffffffULL)),  // NaN payloads
      std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(),
      -0.0,
      0.0,
      5e-324,
      -5e-324,
      std::numeric_limits<double>::min() / 3,              // denormal
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      1e300,
      -1e-300,
      0x1p63,
      -0x1p63,
      9007199254740993.0,                                  // 2^53 + 1 rounds to 2^53
      0.1 + 0.2,
      1e18,
      1e-18,
  };
  return table[rng() % std::size(table)];
}

std::vector<double> make_values(Values shape, size_t n, std::mt19937_64& rng) {
  std::vector<double> v(n);
  double x = static_cast<double>(rng() % 1000);
  int64_t k = static_cast<int64_t>(rng() % 1000) - 500;
  std::normal_distribution<double> noise(0, 3);
  for (size_t i = 0; i < n; ++i) {
    switch (shape) {
      case Values::counter: x += static_cast<double>(rng() % 20); break;
      case Values::counter_with_resets: x = rng() % 50 == 0 ? 0 : x + static_cast<double>(rng() % 100); break;
      case Values::noisy_gauge: x = 50 + noise(rng); break;
      case Values::tenths:
        k += static_cast<int64_t>(rng() % 5) - 2;
        x = static_cast<double>(k) / 10;
        break;
      case Values::accumulated_tenths: x += 0.1; break;
      case Values::three_decimals: x = std::round((500 + 40 * noise(rng)) * 1000) / 1000; break;
      case Values::integers: x = static_cast<double>(static_cast<int64_t>(rng() % 2000001) - 1000000); break;
      case Values::constant: x = 1; break;
      case Values::constant_fraction: x = 1.0 / 3; break;
      case Values::large_integers: x = 1e15 + static_cast<double>(rng() % 1000) * 1000; break;
      case Values::specials: x = special(rng); break;
      case Values::random_bits: x = from_bits(rng()); break;
      case Values::stale_at_end: x = i + 1 == n ? stale_nan() : x + static_cast<double>(rng() % 20); break;
      case Values::mixed_specials: x = rng() % 16 == 0 ? special(rng) : static_cast<double>(rng() % 100) / 4; break;
    }
    v[i] = x;
  }
  return v;
}

std::vector<Sample> make_samples(Times times, Values values, size_t n, std::mt19937_64& rng) {
  auto t = make_times(times, n, rng);
  auto v = make_values(values, t.size(), rng);
  std::vector<Sample> samples(t.size());
  for (size_t i = 0; i < t.size(); ++i) samples[i] = {t[i], v[i]};
  return samples;
}

std::string describe(size_t times, size_t values, size_t n) {
  return "times " + std::to_string(times) + ", values " + std::to_string(values) + ", " + std::to_string(n) + " samples";
}

TEST(BlockSampleCodec, EveryShapeRoundTrips) {
  std::mt19937_64 rng(1);
  for (size_t ti = 0; ti < std::size(kAllTimes); ++ti) {
    for (size_t vi = 0; vi < std::size(kAllValues); ++vi) {
      for (size_t n : {1, 2, 3, 7, 120, 480}) {
        expect_round_trip(make_samples(kAllTimes[ti], kAllValues[vi], n, rng), describe(ti, vi, n));
      }
    }
  }
}

TEST(BlockSampleCodec, RandomShapesAndLengthsRoundTrip) {
  std::mt19937_64 rng(20240611);
  for (int round = 0; round < 1500; ++round) {
    size_t ti = rng() % std::size(kAllTimes), vi = rng() % std::size(kAllValues);
    size_t n = 1 + rng() % 2000;
    expect_round_trip(make_samples(kAllTimes[ti], kAllValues[vi], n, rng), describe(ti, vi, n));
  }
}

TEST(BlockSampleCodec, EveryValueFromAMixOfSpecialsRoundTrips) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<Sample> samples;
    size_t n = 1 + rng() % 64;
    for (size_t i = 0; i < n; ++i) {
      double v = rng() % 2 ? special(rng) : static_cast<double>(rng() % 1000) / 100;
      samples.push_back({static_cast<int64_t>(i) * 1000, v});
    }
    expect_round_trip(samples, "round " + std::to_string(round));
  }
}

TEST(BlockSampleCodec, EmptyAndSingleSamples) {
  expect_round_trip({}, "empty");
  EXPECT_EQ(encode({}).size(), 2u);
  expect_round_trip({{std::numeric_limits<int64_t>::min(), -0.0}}, "min time, -0");
  expect_round_trip({{std::numeric_limits<int64_t>::max(), stale_nan()}}, "max time, stale");
  expect_round_trip({{0, 5e-324}}, "denormal");
}

TEST(BlockSampleCodec, TimestampsAcrossTheWholeRange) {
  constexpr int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  expect_round_trip({{lo, 1}, {hi, 2}}, "min to max");
  expect_round_trip({{lo, 1}, {lo + 1, 2}, {hi - 1, 3}, {hi, 4}}, "both ends");
  expect_round_trip({{lo, 1}, {0, 1}, {hi, 1}}, "regular over the range");
  expect_round_trip({{-1, 1}, {0, 1}, {1, 1}, {hi, 1}}, "around zero then a jump");
}

TEST(BlockSampleCodec, ValuesAtThePrecisionLimits) {
  std::vector<Sample> samples;
  const double values[] = {0x1p53, 0x1p53 + 2, -0x1p53, 0x1p62, 123456789.123456789, 1e-15, 1.5e-17, 9.999999999999999e17, 0.3};
  for (double v : values) samples.push_back({static_cast<int64_t>(samples.size()), v});
  expect_round_trip(samples, "precision limits");
}

size_t encoded_size(const std::vector<Sample>& samples) { return encode(samples).size(); }

std::vector<Sample> scrape(const std::vector<double>& values, int64_t jitter_ms = 0, uint64_t seed = 3) {
  std::mt19937_64 rng(seed);
  std::vector<Sample> samples;
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t jitter = jitter_ms == 0 ? 0 : static_cast<int64_t>(rng() % static_cast<uint64_t>(2 * jitter_ms + 1)) - jitter_ms;
    samples.push_back({1700000000000 + static_cast<int64_t>(i) * 15000 + jitter, values[i]});
  }
  return samples;
}

TEST(BlockSampleCodec, RegularIntegerCounterTakesUnderOneBytePerSample) {
  std::mt19937_64 rng(5);
  std::vector<double> values = make_values(Values::counter, 480, rng);
  size_t size = encoded_size(scrape(values));
  EXPECT_LT(static_cast<double>(size) / 480, 1.0) << size;
}

TEST(BlockSampleCodec, ConstantRegularSeriesTakesAFewBytes) {
  EXPECT_LT(encoded_size(scrape(std::vector<double>(480, 1))), 24u);
  EXPECT_LT(encoded_size(scrape(std::vector<double>(480, 1.0 / 3))), 24u);
}

TEST(BlockSampleCodec, StaleMarkerAtTheEndIsAnException) {
  std::mt19937_64 rng(6);
  std::vector<double> values = make_values(Values::counter, 120, rng);
  size_t plain = encoded_size(scrape(values));
  values.push_back(stale_nan());
  EXPECT_LT(encoded_size(scrape(values)), plain + 12);
}

TEST(BlockSampleCodec, TwoDecimalGaugeTakesUnderTwoBytesPerSample) {
  std::mt19937_64 rng(8);
  std::normal_distribution<double> gauge(500, 40);
  std::vector<double> values;
  for (int i = 0; i < 480; ++i) values.push_back(std::round(gauge(rng)) / 100);
  EXPECT_LT(static_cast<double>(encoded_size(scrape(values))) / 480, 2.0);
}

TEST(BlockSampleCodec, GaugeOfWholePagesUsesTheCommonFactor) {
  // Resident memory moves in 4096-byte pages: steps of about 75 pages.
  std::mt19937_64 rng(9);
  std::normal_distribution<double> step(0, 300e3);
  std::vector<double> values;
  double x = 80e6;
  for (int i = 0; i < 480; ++i) {
    x = std::round((x + step(rng)) / 4096) * 4096;
    values.push_back(x);
  }
  EXPECT_LT(static_cast<double>(encoded_size(scrape(values))) / 480, 1.5);
}

TEST(BlockSampleCodec, JitterCostsUnderOneBytePerSample) {
  std::vector<double> values(480, 7);
  size_t regular = encoded_size(scrape(values));
  size_t jittered = encoded_size(scrape(values, 5));
  EXPECT_LT(jittered - regular, 480u);
}

// ---- malformed input ----

void expect_corrupt(std::span<const uint8_t> bytes, const std::string& what) {
  std::vector<Sample> out{{1, 1}};
  auto r = decode_samples(bytes, out);
  ASSERT_FALSE(r) << what;
  EXPECT_EQ(r.error().kind, ErrorKind::corruption) << what;
  EXPECT_EQ(out.size(), 1u) << what << ": output changed on error";
}

std::vector<std::vector<Sample>> varied_encodings_input() {
  std::mt19937_64 rng(11);
  std::vector<std::vector<Sample>> inputs;
  for (Times t : kAllTimes) {
    for (Values v : kAllValues) inputs.push_back(make_samples(t, v, 1 + rng() % 40, rng));
  }
  return inputs;
}

TEST(BlockSampleCodec, EveryTruncationIsRejected) {
  for (const auto& samples : varied_encodings_input()) {
    std::vector<uint8_t> bytes = encode(samples);
    for (size_t len = 0; len < bytes.size(); ++len) {
      expect_corrupt(std::span(bytes).first(len), "prefix of " + std::to_string(len) + " bytes");
    }
  }
}

TEST(BlockSampleCodec, RandomByteChangesNeverCrash) {
  std::mt19937_64 rng(12);
  auto inputs = varied_encodings_input();
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes = encode(inputs[rng() % inputs.size()]);
    for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips) {
      bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    std::vector<Sample> out{{1, 1}};
    auto r = decode_samples(bytes, out);
    if (!r) {
      EXPECT_EQ(r.error().kind, ErrorKind::corruption);
      EXPECT_EQ(out.size(), 1u);
      continue;
    }
    EXPECT_LE(*r, bytes.size());
    for (size_t i = 2; i < out.size(); ++i) ASSERT_LT(out[i - 1].t, out[i].t);
  }
}

TEST(BlockSampleCodec, MalformedHeadersAreRejected) {
  expect_corrupt(std::vector<uint8_t>{}, "empty");
  expect_corrupt(std::vector<uint8_t>{0x20, 1, 0, 0}, "reserved header bit");
  expect_corrupt(std::vector<uint8_t>{0x0c, 1, 0, 0}, "value scheme 3");
  expect_corrupt(std::vector<uint8_t>{0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "delta-of-delta flag on constants");
  expect_corrupt(std::vector<uint8_t>{0x01, 0}, "schemes for no samples");
  expect_corrupt(std::vector<uint8_t>{0x00, 0x81, 0x80, 0x04}, "count over the limit");
  expect_corrupt(std::vector<uint8_t>{0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "overlong count");
}

TEST(BlockSampleCodec, NonIncreasingTimestampsAreRejected) {
  // Regular, three samples, t0 = 0, interval 0, constant 1.0.
  std::vector<uint8_t> bytes{0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f};
  expect_corrupt(bytes, "zero interval");
  bytes[3] = 1;
  std::vector<Sample> out;
  ASSERT_TRUE(decode_samples(bytes, out));
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].t, 2);
  EXPECT_EQ(out[2].v, 1.0);
  // Interval 2^63 overflows past INT64_MAX.
  expect_corrupt(std::vector<uint8_t>{0x00, 2, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                 "overflowing interval");
}

TEST(BlockSampleCodec, ImpossibleFieldsAreRejected) {
  // One sample at t = 0 with decimal values: exception count, exponent, mantissa.
  expect_corrupt(std::vector<uint8_t>{0x04, 1, 0, 2, 0, 0}, "more exceptions than samples");
  expect_corrupt(std::vector<uint8_t>{0x04, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, "exception past the end");
  expect_corrupt(std::vector<uint8_t>{0x04, 1, 0, 0, 19, 2}, "exponent too large");
  expect_corrupt(std::vector<uint8_t>{0x04, 1, 0, 0, static_cast<uint8_t>(-19), 2}, "exponent too small");
  // Two samples, regular, decimal: the packed width of the one delta is 65.
  expect_corrupt(std::vector<uint8_t>{0x04, 2, 0, 1, 0, 0, 2, 65, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "packed width 65");
  // Two samples, Gorilla: the second value reuses a window that was never set.
  std::vector<uint8_t> gorilla{0x08, 2, 0, 1, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0x80};
  expect_corrupt(gorilla, "window reused before the first");
  gorilla.back() = 0x00;
  std::vector<Sample> out;
  ASSERT_TRUE(decode_samples(gorilla, out));
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(bits(out[1].v), 0u);
}

TEST(BlockSampleCodec, HugeCountsOfCheapSamplesStayBounded) {
  // kMaxSamples regular samples of one constant: a few bytes may legally
  // describe them, and no more than that is allocated.
  std::vector<uint8_t> bytes{0x00, 0x80, 0x80, 0x04, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  std::vector<Sample> out;
  auto r = decode_samples(bytes, out);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(out.size(), kMaxSamples);
}

TEST(BlockSampleCodec, TooManySamplesIsACallerBug) {
  std::vector<Sample> samples(kMaxSamples + 1);
  for (size_t i = 0; i < samples.size(); ++i) samples[i] = {static_cast<int64_t>(i), 0};
  std::vector<uint8_t> out;
  EXPECT_THROW(encode_samples(samples, out), std::length_error);
}

}  // namespace
}  // namespace vigil::storage::block
