#pragma once
// Series data for block tests: random label sets and samples, and a one-call
// writer.

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "storage/block/block_writer.h"
#include "storage/block/ulid.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage::block::testing {

struct TestSeries {
  LabelSet labels;
  std::vector<Sample> samples;
};

inline bool same_bits(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].t != b[i].t || std::bit_cast<uint64_t>(a[i].v) != std::bit_cast<uint64_t>(b[i].v)) return false;
  }
  return true;
}

// Values of every awkward kind: NaN payloads (the staleness marker), -0,
// infinities, integers, fractions.
inline double random_value(std::mt19937_64& rng) {
  switch (rng() % 8) {
    case 0:
      return stale_nan();
    case 1:
      return std::bit_cast<double>(uint64_t{0x7ff8000000000000} | (rng() & 0xfffff));
    case 2:
      return -0.0;
    case 3:
      return rng() % 2 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    case 4:
      return static_cast<double>(rng() % 1000);
    default:
      return std::bit_cast<double>(rng() & ~(uint64_t{0x7ff} << 52)) + static_cast<double>(rng() % 7);
  }
}

// `n` distinct series sorted by labels, with between 1 and `max_samples`
// samples each in [min_t, max_t).
inline std::vector<TestSeries> random_series(std::mt19937_64& rng, size_t n, size_t max_samples, int64_t min_t,
                                             int64_t max_t) {
  static const char* kNames[] = {"up", "http_requests_total", "node_cpu_seconds_total", "go_goroutines"};
  static const char* kJobs[] = {"api", "web", "db", "cache"};
  static const char* kEnvs[] = {"prod", "dev"};
  std::vector<TestSeries> out;
  std::set<LabelSet> seen;
  for (size_t i = 0; out.size() < n; ++i) {
    std::vector<Label> labels{{"__name__", kNames[rng() % 4]},
                              {"instance", "host-" + std::to_string(rng() % 200) + ":9100"},
                              {"job", kJobs[rng() % 4]}};
    if (rng() % 3) labels.push_back({"env", kEnvs[rng() % 2]});
    if (rng() % 5 == 0)
      labels.push_back({"path", "/" + std::string(1 + rng() % 20, static_cast<char>('a' + rng() % 26))});
    if (rng() % 7 == 0) labels.push_back({"id", std::to_string(i)});
    TestSeries s{LabelSet::from(labels).value(), {}};
    if (!seen.insert(s.labels).second) continue;
    size_t count = 1 + rng() % max_samples;
    int64_t t = min_t + static_cast<int64_t>(rng() % 1000);
    for (size_t k = 0; k < count && t < max_t; ++k) {
      s.samples.push_back({t, random_value(rng)});
      t += 1 + static_cast<int64_t>(rng() % 30'000);
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const TestSeries& a, const TestSeries& b) { return a.labels < b.labels; });
  return out;
}

inline Result<BlockMeta> write_block(const std::string& blocks_dir, const std::vector<TestSeries>& series,
                                     int64_t min_t, int64_t max_t) {
  auto writer = BlockWriter::create(blocks_dir, new_ulid(), min_t, max_t);
  if (!writer) return std::unexpected(writer.error());
  for (const auto& s : series) {
    if (auto added = writer->add_series(s.labels, s.samples); !added) return std::unexpected(added.error());
  }
  return writer->finish();
}

}  // namespace vigil::storage::block::testing
