#pragma once
// The time since a scope began, and whether it is being left by an
// exception: what the SDK's RAII scopes (track_operation, the agent scopes)
// measure and record when they end.

#include <chrono>
#include <exception>

namespace vigil {

class ScopeTimer {
 public:
  ScopeTimer() noexcept : start_(std::chrono::steady_clock::now()), uncaught_at_start_(std::uncaught_exceptions()) {}

  double elapsed_seconds() const noexcept {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  // More exceptions in flight than at the start: the scope is being unwound
  // (a scope built inside a catch block is not unwound by the exception
  // being handled).
  bool unwinding() const noexcept { return std::uncaught_exceptions() > uncaught_at_start_; }

 private:
  std::chrono::steady_clock::time_point start_;
  int uncaught_at_start_;
};

}  // namespace vigil
