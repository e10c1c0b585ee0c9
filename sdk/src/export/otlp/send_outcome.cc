#include "export/otlp/send_outcome.h"

#include <algorithm>
#include <cmath>

namespace vigil::exporter::otlp {

SendOutcome outcome_of(const PostResult& result) {
  if (result.status >= 200 && result.status < 300) return SendOutcome::exported;
  switch (result.status) {
    case 0:
    case 429:
    case 502:
    case 503:
    case 504:
      return SendOutcome::retryable;
    default:
      return SendOutcome::permanent;
  }
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> retry_after, std::minstd_rand& random) {
  const double max = static_cast<double>(policy.max_backoff.count());
  if (retry_after) return std::chrono::milliseconds(static_cast<int64_t>(std::min(max, double(retry_after->count()))));
  const double base = static_cast<double>(policy.initial_backoff.count()) *
                      std::pow(policy.multiplier, static_cast<double>(std::max(attempt, 1) - 1));
  std::uniform_real_distribution<double> spread(1 - policy.jitter, 1 + policy.jitter);
  const double delay = std::min(max, base) * spread(random);
  return std::chrono::milliseconds(static_cast<int64_t>(std::clamp(delay, 0.0, max)));
}

}  // namespace vigil::exporter::otlp
