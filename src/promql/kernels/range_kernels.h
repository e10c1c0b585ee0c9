#pragma once
// The functions over a range vector (`rate(x[5m])`, `avg_over_time(...)`),
// each computed from the samples of one series in one window, with
// Prometheus 2.53's arithmetic so results agree to the last bit where its
// algorithm allows.

#include <cstdint>
#include <optional>
#include <span>

#include "core/error.h"
#include "storage/sample.h"

namespace vigil::promql::kernels {

// The samples of one series in [range_start, range_end] (ms), in time order,
// stale markers already removed. Every kernel returns nullopt where
// Prometheus returns no sample (e.g. rate over fewer than two samples).
struct Window {
  std::span<const storage::Sample> samples;
  int64_t range_start = 0;
  int64_t range_end = 0;
  // Set by a caller that knows no value is lower than the one before it, so
  // counter kernels can skip looking for resets.
  bool no_drops = false;
};

// rate (is_counter, is_rate), increase (is_counter), delta (neither):
// Prometheus's extrapolatedRate.
std::optional<double> extrapolated_rate(const Window& w, bool is_counter, bool is_rate);
// irate (is_rate) and idelta: the last two samples.
std::optional<double> instant_rate(const Window& w, bool is_rate);
std::optional<double> changes(const Window& w);
std::optional<double> resets(const Window& w);
std::optional<double> deriv(const Window& w);
// predict_linear(v[r], t): the regression evaluated `duration_s` after
// `eval_time_ms` (the evaluation step's time).
std::optional<double> predict_linear(const Window& w, double duration_s, int64_t eval_time_ms);
// holt_winters(v[r], sf, tf); nullopt also for sf or tf outside (0, 1),
// which the caller turns into Prometheus's error — see holt_winters_error.
std::optional<double> holt_winters(const Window& w, double smoothing, double trend);
// The error Prometheus raises for these factors ("invalid smoothing factor.
// Expected: 0 < sf < 1, got: 1.500000"), nullopt when they are accepted (a
// NaN factor is accepted and gives NaN, as in Prometheus).
std::optional<Error> holt_winters_error(double smoothing, double trend);

std::optional<double> avg_over_time(const Window& w);
std::optional<double> sum_over_time(const Window& w);
std::optional<double> count_over_time(const Window& w);
std::optional<double> min_over_time(const Window& w);
std::optional<double> max_over_time(const Window& w);
std::optional<double> stddev_over_time(const Window& w);
std::optional<double> stdvar_over_time(const Window& w);
std::optional<double> last_over_time(const Window& w);
std::optional<double> present_over_time(const Window& w);
std::optional<double> quantile_over_time(const Window& w, double q);
std::optional<double> mad_over_time(const Window& w);

}  // namespace vigil::promql::kernels
