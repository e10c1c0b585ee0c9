// The PromQL engine alone, on the query set of bench/promql/compare.sh over
// data held in a storage head: 10,000 CPU counters (1,250 instances x 8
// modes) and 1,000 histogram buckets (100 instances x 10 bounds), 2 h at a
// 15 s interval, queried as 2 h range queries at a 15 s step. It isolates
// evaluation from HTTP and JSON when optimizing; the comparison with
// Prometheus and VictoriaMetrics is the script's job.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "promql/engine/engine.h"
#include "promql/engine/storage_queryable.h"
#include "storage/database.h"

namespace vigil::bench {
namespace {

constexpr int64_t kInterval = 15'000;
constexpr int64_t kDuration = 2 * 3600 * 1000;
constexpr int64_t kEnd = 1'700'000'000'000;
constexpr int64_t kStart = kEnd - kDuration;

storage::LabelSet labels(std::vector<storage::Label> list) { return *storage::LabelSet::from(std::move(list)); }

std::vector<storage::Sample> counter(std::mt19937_64& random, double rate_per_s) {
  std::vector<storage::Sample> samples;
  double value = 0;
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  for (int64_t t = kStart; t <= kEnd; t += kInterval) {
    value += rate_per_s * 15 * jitter(random);
    samples.push_back({t, value});
  }
  return samples;
}

class Data {
 public:
  Data() : dir_(std::filesystem::temp_directory_path() / ("vigil-promql-bench-" + std::to_string(getpid()))) {
    storage::DatabaseOptions options;
    options.maintenance_interval = std::chrono::milliseconds(0);
    database_ = std::move(*storage::Database::open(dir_.string(), options));
    std::mt19937_64 random(1);
    const char* modes[] = {"idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"};
    std::vector<storage::SeriesSamples> batch;
    for (int host = 0; host < 1250; ++host) {
      const std::string instance = "host-" + std::to_string(host / 8);
      const std::string cpu = std::to_string(host % 8);
      for (const char* mode : modes)
        batch.push_back({labels({{"__name__", "node_cpu_seconds_total"}, {"instance", instance}, {"cpu", cpu},
                                 {"mode", mode}}),
                         counter(random, mode == std::string("idle") ? 0.9 : 0.02)});
    }
    const char* bounds[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"};
    for (int host = 0; host < 100; ++host) {
      double share = 0.05;
      for (const char* le : bounds) {
        share = std::min(1.0, share * 1.6);
        batch.push_back({labels({{"__name__", "http_request_duration_seconds_bucket"},
                                 {"instance", "host-" + std::to_string(host)}, {"le", le}}),
                         counter(random, 10 * share)});
      }
      batch.push_back({labels({{"__name__", "node_uname_info"}, {"instance", "host-" + std::to_string(host)},
                               {"nodename", "node-" + std::to_string(host)}}),
                       counter(random, 0)});
    }
    (void)database_->appender().append(batch);
  }
  ~Data() {
    (void)database_->close();
    std::filesystem::remove_all(dir_);
  }
  const storage::Database& database() const { return *database_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> database_;
};

const Data& data() {
  static Data instance;
  return instance;
}

void run_range(benchmark::State& state, const char* query) {
  promql::StorageQueryable queryable(data().database());
  promql::Engine engine;
  size_t points = 0;
  for (auto _ : state) {
    auto result = engine.range(queryable, query, kStart, kEnd, kInterval);
    if (!result) {
      state.SkipWithError(result.error().message.c_str());
      return;
    }
    points = 0;
    for (const auto& series : std::get<promql::Matrix>(result->value)) points += series.points.size();
    benchmark::DoNotOptimize(points);
  }
  state.counters["points"] = static_cast<double>(points);
}

BENCHMARK_CAPTURE(run_range, sum_rate, "sum by (mode) (rate(node_cpu_seconds_total[5m]))")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, histogram_quantile,
                  "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, avg_over_time, "avg_over_time(node_cpu_seconds_total{mode=\"user\"}[10m])")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, regex_selector,
                  "sum(rate(node_cpu_seconds_total{mode=~\"user|system\", instance=~\"host-1.*\"}[5m]))")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, group_left_join,
                  "sum by (instance, nodename) (rate(node_cpu_seconds_total{mode=\"user\"}[5m]) * on (instance) "
                  "group_left (nodename) node_uname_info)")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, subquery, "max_over_time(sum by (mode) (rate(node_cpu_seconds_total[1m]))[30m:1m])")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_range, plain_rate, "rate(node_cpu_seconds_total[5m])")->Unit(benchmark::kMillisecond);

// Any query, from the environment, for profiling: VIGIL_BENCH_QUERY='...'.
void run_from_environment(benchmark::State& state) {
  const char* query = std::getenv("VIGIL_BENCH_QUERY");
  if (query == nullptr) {
    state.SkipWithError("VIGIL_BENCH_QUERY is not set");
    return;
  }
  run_range(state, query);
}
BENCHMARK(run_from_environment)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vigil::bench
