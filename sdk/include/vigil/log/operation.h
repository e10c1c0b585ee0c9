#pragma once
// track_operation: a scope that, when it ends, logs one line with the
// operation's name, duration and outcome, and optionally counts it in metrics.
//
//   {
//     auto op = log::track_operation(logger, "load_config");
//     ...                       // nested logging carries the same correlation_id
//     if (!ok) op.fail("missing file");
//   }  // {"msg":"operation failed","operation":"load_config","duration_seconds":0.012,
//      //  "outcome":"error","error":"missing file", ...}

#include <chrono>
#include <concepts>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "vigil/log/correlation.h"
#include "vigil/log/logger.h"
#include "vigil/metrics/counter.h"
#include "vigil/metrics/family.h"
#include "vigil/metrics/histogram.h"
#include "vigil/metrics/registry.h"
#include "vigil/scope_timer.h"

namespace vigil::log {

// Where a tracked operation is counted; a null member is skipped.
struct OperationMetrics {
  // Label names exactly {"operation"}: observes the duration in seconds.
  metrics::Family<metrics::Histogram>* duration_seconds = nullptr;
  // Label names exactly {"operation", "outcome"}: +1 for "ok" or "error".
  metrics::Family<metrics::Counter>* outcomes = nullptr;
};

// Registers "<prefix>operation_duration_seconds" and "<prefix>operations_total"
// with the label names above. Throws std::invalid_argument as Registry does
// (a name already registered, an invalid prefix).
OperationMetrics register_operation_metrics(metrics::Registry& registry, std::string_view prefix = "");

class TrackedOperation {
 public:
  // Opens a correlation scope with a new id when none is active, so that the
  // operation and everything it logs share one. Throws std::invalid_argument
  // when a family in `metrics` has other label names than OperationMetrics
  // documents: a programming error, found the first time the code runs.
  TrackedOperation(Logger logger, std::string name, OperationMetrics metrics = {});
  // Logs "operation completed" at info, or "operation failed" at error, with
  // the fields operation, duration_seconds (a number), outcome ("ok" or
  // "error") and, on failure, error. Leaving the scope by an exception is a
  // failure; its message is not reachable during unwinding, so the error is
  // "exception" unless fail() gave one (the callable form of
  // track_operation does that).
  ~TrackedOperation();
  TrackedOperation(const TrackedOperation&) = delete;
  TrackedOperation& operator=(const TrackedOperation&) = delete;

  // Marks the operation failed; the last message given wins.
  void fail(std::string message);

 private:
  Logger logger_;
  std::string name_;
  OperationMetrics metrics_;
  ScopeTimer timer_;
  std::optional<std::string> error_;
  std::optional<CorrelationScope> correlation_;
};

// The scope is built in place (guaranteed copy elision): `auto op = track_operation(...);`.
[[nodiscard]] inline TrackedOperation track_operation(Logger logger, std::string name, OperationMetrics metrics = {}) {
  return TrackedOperation(std::move(logger), std::move(name), metrics);
}

// Runs fn inside a tracked operation and returns its result. An exception
// from fn is logged with its what() message and rethrown.
template <std::invocable F>
decltype(auto) track_operation(Logger logger, std::string name, F&& fn, OperationMetrics metrics = {}) {
  TrackedOperation op(std::move(logger), std::move(name), metrics);
  try {
    return std::invoke(std::forward<F>(fn));
  } catch (const std::exception& e) {
    op.fail(e.what());
    throw;
  }
}

}  // namespace vigil::log
