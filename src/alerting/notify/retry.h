#pragma once
// Retrying a notification as Alertmanager's RetryStage does: attempts until
// one succeeds, one fails for good, the deadline passes or Vigil stops, with
// exponential backoff and jitter in between (Alertmanager's defaults from
// cenkalti/backoff: 500 ms, times 1.5, ±50 %, at most 60 s per wait).

#include <chrono>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>

#include "alerting/notify/deadline.h"

namespace vigil::alerting::notify {

struct Attempt {
  enum class Outcome { delivered, retry, give_up };
  Outcome outcome = Outcome::delivered;
  std::string error;  // why it failed

  static Attempt delivered() { return {}; }
  static Attempt retry(std::string why) { return {Outcome::retry, std::move(why)}; }
  static Attempt give_up(std::string why) { return {Outcome::give_up, std::move(why)}; }
};

struct Delivery {
  bool delivered = false;
  bool skipped = false;  // nothing to send (send_resolved: false and only resolved alerts)
  int attempts = 0;
  std::string last_error;  // of the last failed attempt
};

struct Backoff {
  std::chrono::milliseconds initial{500};
  double multiplier = 1.5;
  double jitter = 0.5;  // each wait is its interval times 1 ± jitter
  std::chrono::milliseconds max{60'000};
};

// Calls `attempt` (with the deadline, which it must not exceed) until it
// delivers or gives up; never waits past `deadline`, and returns soon after
// `stop` is requested.
Delivery deliver(const std::function<Attempt(Deadline)>& attempt, Deadline deadline, const std::stop_token& stop,
                 const Backoff& backoff = {});

// Alertmanager's Retrier.Check: 2xx delivered; 5xx, 429 and `retry_codes`
// retried; anything else given up. (Alertmanager 0.25 retries 429 only for
// PagerDuty; Vigil retries it everywhere, since it means "later".) The error is "unexpected status code N"
// followed by ": <body>" when `body` is not empty.
Attempt check_status(long status, std::string_view body, std::span<const long> retry_codes = {});

}  // namespace vigil::alerting::notify
