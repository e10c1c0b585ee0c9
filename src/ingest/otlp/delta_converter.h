#pragma once
// Delta temporality to cumulative: Prometheus counters and histograms are
// cumulative, so the receiver keeps a running total per stream (one series
// identity of one metric) and stores the total at each delta's end time.
//
// Rules (docs/otlp.md, "Delta temporality"):
//   - a stream's first delta starts its total, with its start time;
//   - a delta whose time is not after the stream's last one, or whose start
//     is before it (an overlap: a retry or a second sender), is refused, so
//     that nothing is counted twice; a gap (start after the last end) is
//     accepted, the total goes on;
//   - an explicit histogram whose bounds change starts a new total (a reset);
//     exponential histograms merge at the lower of the two scales;
//   - a stream not updated for `idle_timeout` is forgotten (its next delta
//     starts a new total: a counter reset to PromQL), and at most
//     `max_streams` are kept: a new stream beyond that is refused.
// Updates made for a request that storage then failed to take are undone
// (rollback), so the sender's retry is counted once.
//
// Thread-safe: one mutex, held per data point.

#include <chrono>
#include <expected>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "ingest/otlp/histograms.h"

namespace vigil::ingest::otlp {

struct DeltaOptions {
  size_t max_streams = 100'000;
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(30);
};

// One delta data point's interval, in Unix nanoseconds.
struct DeltaInterval {
  uint64_t start_ns = 0;  // 0: unknown
  uint64_t time_ns = 0;
};

// The running total of one stream.
struct DeltaStream {
  uint64_t start_ns = 0;  // of the first delta in the total
  uint64_t last_ns = 0;   // time of the last delta added
  std::variant<double, ClassicHistogram, ExponentialHistogram> total;
  std::chrono::steady_clock::time_point touched;
};

// What one request changed: each stream it touched with its state before
// (nullopt: the stream did not exist), to undo if storage fails.
struct DeltaChanges {
  std::vector<std::pair<std::string, std::optional<DeltaStream>>> before;
};

class DeltaConverter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit DeltaConverter(DeltaOptions options, Clock clock = std::chrono::steady_clock::now);

  // The running total after adding this delta, or why the delta is refused.
  // `stream` identifies the series (its labels and the metric kind).
  std::expected<double, std::string> add_sum(const std::string& stream, DeltaInterval interval, double delta,
                                             DeltaChanges& changes);
  std::expected<ClassicHistogram, std::string> add_histogram(const std::string& stream, DeltaInterval interval,
                                                             const ClassicHistogram& delta, DeltaChanges& changes);
  std::expected<ExponentialHistogram, std::string> add_exponential_histogram(const std::string& stream,
                                                                              DeltaInterval interval,
                                                                              const ExponentialHistogram& delta,
                                                                              DeltaChanges& changes);

  // Restores every stream `changes` touched to its state before, newest
  // change first.
  void rollback(DeltaChanges& changes);

  size_t streams() const;

 private:
  // Checks the interval against the stream's state, records the state in
  // `changes`, and returns the stream to update: nullptr for a stream that
  // does not exist yet (the caller adds it with `start`).
  std::expected<DeltaStream*, std::string> prepare(const std::string& key, DeltaInterval interval,
                                                  DeltaChanges& changes);
  void start(const std::string& key, DeltaInterval interval,
             std::variant<double, ClassicHistogram, ExponentialHistogram> total);
  void evict_idle(std::chrono::steady_clock::time_point now);

  DeltaOptions options_;
  Clock clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, DeltaStream> streams_;
  std::chrono::steady_clock::time_point last_sweep_;
};

}  // namespace vigil::ingest::otlp
