#include "vigil/log/operation.h"

#include <stdexcept>
#include <vector>

namespace vigil::log {
namespace {

template <class Metric>
void check_labels(const metrics::Family<Metric>* family, const std::vector<std::string>& expected,
                  std::string_view what) {
  if (family != nullptr && family->label_names() != expected) {
    throw std::invalid_argument("track_operation: the " + std::string(what) + " family must have the label names " +
                                (expected.size() == 1 ? "{operation}" : "{operation, outcome}"));
  }
}

}  // namespace

OperationMetrics register_operation_metrics(metrics::Registry& registry, std::string_view prefix) {
  const std::string p(prefix);
  OperationMetrics m;
  m.duration_seconds = &registry.histogram(p + "operation_duration_seconds", "Duration of tracked operations.",
                                           {"operation"}, metrics::default_buckets(), "seconds");
  m.outcomes = &registry.counter(p + "operations_total", "Tracked operations by outcome (ok or error).",
                                 {"operation", "outcome"});
  return m;
}

TrackedOperation::TrackedOperation(Logger logger, std::string name, OperationMetrics metrics)
    : logger_(std::move(logger)),
      name_(std::move(name)),
      metrics_(metrics),
      start_(std::chrono::steady_clock::now()),
      uncaught_at_start_(std::uncaught_exceptions()) {
  check_labels(metrics_.duration_seconds, {"operation"}, "duration");
  check_labels(metrics_.outcomes, {"operation", "outcome"}, "outcome");
  if (CorrelationScope::current().empty()) correlation_.emplace(new_correlation_id());
}

void TrackedOperation::fail(std::string message) { error_ = std::move(message); }

TrackedOperation::~TrackedOperation() {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // More exceptions in flight than at the start: this scope is being unwound.
  if (!error_ && std::uncaught_exceptions() > uncaught_at_start_) error_ = "exception";
  if (error_) {
    logger_.error("operation failed",
                  {{"operation", name_}, {"duration_seconds", seconds}, {"outcome", "error"}, {"error", *error_}});
  } else {
    logger_.info("operation completed", {{"operation", name_}, {"duration_seconds", seconds}, {"outcome", "ok"}});
  }
  try {
    if (metrics_.duration_seconds != nullptr) metrics_.duration_seconds->with({name_}).observe(seconds);
    if (metrics_.outcomes != nullptr) metrics_.outcomes->with({name_, error_ ? "error" : "ok"}).inc();
  } catch (...) {
    // Only allocation can fail here (the labels were checked up front); a
    // destructor must not throw, least of all while unwinding.
  }
}

}  // namespace vigil::log
