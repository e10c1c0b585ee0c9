#pragma once
// What to do with a batch after a send, and how long to wait before the
// next attempt (vigil/export/otlp_exporter.h describes the RetryPolicy).

#include <chrono>
#include <random>

#include "export/otlp/http_post.h"
#include "vigil/export/otlp_exporter.h"

namespace vigil::exporter::otlp {

enum class SendOutcome {
  exported,   // 2xx
  retryable,  // no answer, 429, 502, 503, 504
  permanent,  // any other answer: the receiver will not take this batch
};

SendOutcome outcome_of(const PostResult& result);

// The wait before attempt `attempt + 1`, after `attempt` (>= 1) failed sends.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt,
                                      std::optional<std::chrono::milliseconds> retry_after, std::minstd_rand& random);

}  // namespace vigil::exporter::otlp
