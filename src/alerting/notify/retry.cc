#include "alerting/notify/retry.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>

namespace vigil::alerting::notify {
namespace {

// Sleeps until `until`, or returns early (false) when `stop` is requested.
bool sleep_until(Deadline until, const std::stop_token& stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  return !wake.wait_until(lock, stop, until, [] { return false; }) && !stop.stop_requested();
}

}  // namespace

Delivery deliver(const std::function<Attempt(Deadline)>& attempt, Deadline deadline, const std::stop_token& stop,
                 const Backoff& backoff) {
  thread_local std::minstd_rand random(std::random_device{}());
  Delivery delivery;
  double interval_ms = static_cast<double>(backoff.initial.count());
  while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
    ++delivery.attempts;
    const Attempt result = attempt(deadline);
    if (result.outcome == Attempt::Outcome::delivered) {
      delivery.delivered = true;
      return delivery;
    }
    delivery.last_error = result.error;
    if (result.outcome == Attempt::Outcome::give_up) return delivery;

    std::uniform_real_distribution<double> spread(1 - backoff.jitter, 1 + backoff.jitter);
    const auto wait = std::chrono::milliseconds(static_cast<long long>(interval_ms * spread(random)));
    interval_ms = std::min(interval_ms * backoff.multiplier, static_cast<double>(backoff.max.count()));
    if (!sleep_until(std::min(deadline, std::chrono::steady_clock::now() + wait), stop)) break;
  }
  if (delivery.attempts == 0)
    delivery.last_error =
        stop.stop_requested() ? "stopped before the first attempt" : "deadline passed before the first attempt";
  return delivery;
}

Attempt check_status(long status, std::string_view body, std::span<const long> retry_codes) {
  if (status / 100 == 2) return Attempt::delivered();
  std::string why = "unexpected status code " + std::to_string(status);
  if (!body.empty()) {
    why += ": ";
    why += body;
  }
  const bool retry = status / 100 == 5 || status == 429 ||
                     std::find(retry_codes.begin(), retry_codes.end(), status) != retry_codes.end();
  return retry ? Attempt::retry(std::move(why)) : Attempt::give_up(std::move(why));
}

}  // namespace vigil::alerting::notify
