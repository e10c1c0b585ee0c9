// Arbitrary bytes as a PromQL query evaluated over a small fixed data set,
// as an instant query and as a range query: the engine gives a result or a
// QueryError, never crashes, and stays within its time and sample limits
// (a `[1y:1ms]` subquery must fail, not exhaust memory).

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "../promql/engine/memory_queryable.h"
#include "promql/engine/engine.h"

namespace {

constexpr int64_t kMinute = 60'000;

const vigil::promql::testing::MemoryQueryable& data() {
  static const auto* queryable = [] {
    auto* q = new vigil::promql::testing::MemoryQueryable;
    for (int i = 0; i < 4; ++i) {
      std::vector<vigil::storage::Sample> counter, gauge;
      for (int64_t t = 0; t <= 20 * kMinute; t += 15'000) {
        counter.push_back({t, static_cast<double>(t / 1000 * (i + 1) % 500)});
        gauge.push_back({t, std::sin(static_cast<double>(t) / 60'000.0 + i) * 10});
      }
      gauge.push_back({21 * kMinute, vigil::storage::stale_nan()});
      gauge.push_back({22 * kMinute, std::numeric_limits<double>::quiet_NaN()});
      const std::string instance = std::to_string(i);
      q->add({{"__name__", "requests_total"}, {"instance", instance}, {"job", i % 2 ? "a" : "b"}}, counter);
      q->add({{"__name__", "temperature"}, {"instance", instance}}, gauge);
      q->add({{"__name__", "latency_bucket"}, {"le", i == 3 ? "+Inf" : std::to_string(i)}}, counter);
    }
    return q;
  }();
  return *queryable;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static const vigil::promql::Engine engine({.lookback_delta_ms = 5 * kMinute,
                                             .default_subquery_step_ms = kMinute,
                                             .timeout = std::chrono::milliseconds(500),
                                             .max_samples = 200'000,
                                             .parallelism = 1});
  std::string_view query(reinterpret_cast<const char*>(bytes), size);
  for (int64_t t : {0L, 10 * kMinute, -3 * kMinute}) {
    auto result = engine.instant(data(), query, t);
    if (!result && result.error().message.empty()) std::abort();
  }
  auto range = engine.range(data(), query, 0, 20 * kMinute, kMinute);
  if (!range && range.error().message.empty()) std::abort();
  if (range && !std::holds_alternative<vigil::promql::Matrix>(range->value)) std::abort();
  return 0;
}
