#pragma once
// What the agent scopes (WorkflowScope, TaskScope, ...) share: the time since
// they began and the status they end with.

#include <chrono>
#include <exception>

#include "vigil/agent/status.h"

namespace vigil::agent {

class ScopeOutcome {
 public:
  ScopeOutcome() noexcept : start_(std::chrono::steady_clock::now()), uncaught_at_start_(std::uncaught_exceptions()) {}

  void set_status(Status status) noexcept { status_ = status; }

  // The status set, except that a scope left by an exception while its
  // status is still success ends in failure.
  Status final_status() const noexcept {
    // More exceptions in flight than at the start: the scope is being unwound.
    if (status_ == Status::success && std::uncaught_exceptions() > uncaught_at_start_) return Status::failure;
    return status_;
  }

  double elapsed_seconds() const noexcept {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
  int uncaught_at_start_;
  Status status_ = Status::success;
};

}  // namespace vigil::agent
