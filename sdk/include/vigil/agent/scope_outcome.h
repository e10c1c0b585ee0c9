#pragma once
// What the agent scopes (WorkflowScope, TaskScope, ...) share, as their
// private base: the time since they began, the status they end with, and
// recording both from a destructor.

#include "vigil/agent/status.h"
#include "vigil/scope_timer.h"

namespace vigil::agent {

class ScopeOutcome {
 public:
  void set_status(Status status) noexcept { status_ = status; }
  void fail() noexcept { status_ = Status::failure; }

  // The status set, except that a scope left by an exception while its
  // status is still success ends in failure.
  Status final_status() const noexcept {
    if (status_ == Status::success && timer_.unwinding()) return Status::failure;
    return status_;
  }

  double elapsed_seconds() const noexcept { return timer_.elapsed_seconds(); }

  // Calls record(final_status(), elapsed_seconds()), for a scope's
  // destructor: only allocation can fail in it, and a destructor must not
  // throw, least of all while unwinding, so that is swallowed.
  template <class Record>
  void finish(Record&& record) const noexcept {
    try {
      record(final_status(), elapsed_seconds());
    } catch (...) {
    }
  }

 private:
  ScopeTimer timer_;
  Status status_ = Status::success;
};

}  // namespace vigil::agent
