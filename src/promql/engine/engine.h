#pragma once
// Evaluates PromQL as Prometheus 2.x does: instant queries at one time and
// range queries at every step of [start, end]. Results, errors and their
// types are Prometheus's, so the HTTP API can answer exactly as it does.

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "storage/index/matcher.h"
#include "storage/labels/label_set.h"
#include "storage/querier.h"
#include "storage/sample.h"

namespace vigil::promql {

// Series a selector chose: their labels up front, their samples read on
// demand, possibly from several threads at once (distinct series).
class SelectedSeries {
 public:
  virtual ~SelectedSeries() = default;
  virtual size_t size() const = 0;
  virtual const storage::LabelSet& labels(size_t i) const = 0;
  // The samples of series i in the selected time range, in time order; empty
  // when it has none there.
  virtual Result<std::vector<storage::Sample>> samples(size_t i) const = 0;
};

// What the engine reads from: the series matching every matcher that may
// have samples in [mint, maxt] (ms, inclusive), in label order.
class Queryable {
 public:
  virtual ~Queryable() = default;
  virtual Result<std::unique_ptr<SelectedSeries>> select(int64_t mint, int64_t maxt,
                                                         std::span<const storage::index::Matcher> matchers) const = 0;
};

struct EngineOptions {
  // How far back an instant vector selector looks for a sample.
  int64_t lookback_delta_ms = 5 * 60 * 1000;
  // Step of a subquery written without one (`[5m:]`): Prometheus's global
  // evaluation interval, 1m by default.
  int64_t default_subquery_step_ms = 60 * 1000;
  std::chrono::milliseconds timeout{std::chrono::minutes(2)};
  // Most samples (points of vectors and matrices) one query may hold at
  // once: Prometheus's --query.max-samples.
  uint64_t max_samples = 50'000'000;
  // Threads one query may use to read and reduce series (its own included);
  // 0: one per core.
  unsigned parallelism = 0;
};

// Prometheus's errorType values.
enum class QueryErrorType { bad_data, timeout, canceled, execution, internal };
const char* to_string(QueryErrorType type) noexcept;

struct QueryError {
  QueryErrorType type = QueryErrorType::execution;
  std::string message;
};

struct ScalarValue {
  int64_t t = 0;
  double v = 0;
};

struct StringValue {
  int64_t t = 0;
  std::string v;
};

struct VectorSample {
  storage::LabelSet labels;
  int64_t t = 0;
  double v = 0;
};
using Vector = std::vector<VectorSample>;

struct MatrixSeries {
  storage::LabelSet labels;
  std::vector<storage::Sample> points;  // in time order
};
using Matrix = std::vector<MatrixSeries>;

struct QueryResult {
  // Instant queries give any of the four; range queries always a Matrix,
  // sorted by labels.
  std::variant<ScalarValue, StringValue, Vector, Matrix> value;
  std::vector<std::string> warnings;
};

using QueryOutcome = std::expected<QueryResult, QueryError>;

// Cancels a running query: the HTTP layer requests a stop when the client
// goes away.
struct QueryControl {
  std::stop_token stop;
  // A lower timeout for this query (the API's `timeout` parameter); zero
  // keeps EngineOptions::timeout.
  std::chrono::milliseconds timeout{0};
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {}) : options_(options) {}

  // Times in ms since the Unix epoch.
  QueryOutcome instant(const Queryable& data, std::string_view query, int64_t time_ms,
                       const QueryControl& control = {}) const;
  // step_ms > 0 and end_ms >= start_ms; the caller checks the step count.
  QueryOutcome range(const Queryable& data, std::string_view query, int64_t start_ms, int64_t end_ms, int64_t step_ms,
                     const QueryControl& control = {}) const;

  const EngineOptions& options() const noexcept { return options_; }

 private:
  EngineOptions options_;
};

}  // namespace vigil::promql
