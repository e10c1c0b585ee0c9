#include "vigil/log/operation.h"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>

namespace vigil::log {
namespace {

// `expected` is how the message spells the label names, "{a, b}".
template <class Metric>
void check_labels(const metrics::Family<Metric>* family, std::initializer_list<std::string_view> names,
                  std::string_view expected, std::string_view what) {
  if (family != nullptr && !std::ranges::equal(family->label_names(), names)) {
    throw std::invalid_argument("track_operation: the " + std::string(what) + " family must have the label names " +
                                std::string(expected));
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
    : logger_(std::move(logger)), name_(std::move(name)), metrics_(metrics) {
  check_labels(metrics_.duration_seconds, {"operation"}, "{operation}", "duration");
  check_labels(metrics_.outcomes, {"operation", "outcome"}, "{operation, outcome}", "outcome");
  if (CorrelationScope::current().empty()) correlation_.emplace(new_correlation_id());
}

void TrackedOperation::fail(std::string message) { error_ = std::move(message); }

TrackedOperation::~TrackedOperation() {
  const double seconds = timer_.elapsed_seconds();
  if (!error_ && timer_.unwinding()) error_ = "exception";
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
