#pragma once
// Functions of one value (math, trigonometry, dates) and the pieces of
// aggregation, histogram_quantile and the label functions, with Prometheus
// 2.53's arithmetic and error messages.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_set.h"

namespace vigil::promql::kernels {

// abs ceil floor exp sqrt ln log2 log10 sgn, sin cos tan asin acos atan sinh
// cosh tanh asinh acosh atanh, deg rad: by function name; nullptr for others.
using ValueFunction = double (*)(double);
ValueFunction find_value_function(std::string_view name);

// round(v, to_nearest) as Prometheus rounds (ties away from zero... as its
// code does, not as C does).
double round_to(double v, double to_nearest);

// year month day_of_month day_of_week day_of_year days_in_month hour minute of
// a time in seconds since the epoch (UTC); nullptr for other names.
ValueFunction find_date_function(std::string_view name);

// Aggregation of floats over one group at one step, in input order, as
// Prometheus 2.53's aggregation() computes it (plain sum: the Kahan sum came
// in 2.54; incremental mean with its infinity rules; Welford variance; NaN
// rules of min/max). result() is NaN while empty().
class Accumulator {
 public:
  enum class Op { sum, avg, count, min, max, group, stddev, stdvar };
  explicit Accumulator(Op op) : op_(op) {}
  void add(double v);
  double result() const;
  bool empty() const noexcept { return count_ == 0; }

 private:
  Op op_;
  double count_ = 0;
  double value_ = 0;
  double mean_ = 0;
};

// quantile(q, values) as Prometheus's quantile aggregation and
// quantile_over_time compute it (values are reordered).
double quantile(double q, std::span<double> values);

struct Bucket {
  double upper_bound = 0;
  double count = 0;
};
// histogram_quantile over classic buckets (any order; the caller gives every
// `le` of one series group): Prometheus's bucketQuantile, including the
// coalescing of equal bounds and the monotonicity fix. NaN when Prometheus
// gives NaN. `forced_monotonic` is set when counts had to be fixed up (the
// warning).
double bucket_quantile(double q, std::vector<Bucket>& buckets, bool* forced_monotonic = nullptr);

// label_replace(v, dst, replacement, src, regex) on one label set; the regex
// is anchored as Prometheus anchors it. Errors read as Prometheus's
// ("invalid regular expression in label_replace(): ...", "invalid
// destination label name in label_replace(): ...", ...).
class LabelReplacer {
 public:
  static Result<LabelReplacer> make(std::string dst, std::string replacement, std::string src, std::string regex);
  storage::LabelSet apply(const storage::LabelSet& labels) const;
  ~LabelReplacer();
  LabelReplacer(LabelReplacer&&) noexcept;
  LabelReplacer& operator=(LabelReplacer&&) noexcept;

 private:
  LabelReplacer() = default;
  struct State;
  std::unique_ptr<State> state_;
};

// label_join(v, dst, separator, src...): checks names like Prometheus.
Result<void> check_label_join(std::string_view dst, std::span<const std::string> sources);
storage::LabelSet label_join(const storage::LabelSet& labels, std::string_view dst, std::string_view separator,
                             std::span<const std::string> sources);

// The natural order of sort_by_label: digit runs compare as numbers
// (`4m5 < 4m600 < 4m1000`, `1.2.3 < 1.11.3`). Negative, zero, positive.
int natural_compare(std::string_view a, std::string_view b);

}  // namespace vigil::promql::kernels
