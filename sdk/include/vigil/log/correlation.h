#pragma once
// The correlation id of the work the current thread is doing. A scope sets it
// for everything logged inside; nested scopes stack and restore on exit.

#include <string>
#include <string_view>

namespace vigil::log {

class CorrelationScope {
 public:
  explicit CorrelationScope(std::string id);
  ~CorrelationScope();
  CorrelationScope(const CorrelationScope&) = delete;
  CorrelationScope& operator=(const CorrelationScope&) = delete;

  // The innermost id on this thread, empty when there is none.
  static std::string_view current() noexcept;

 private:
  std::string id_;
  const CorrelationScope* previous_;
};

// A fresh random id: 32 lowercase hex characters (a W3C trace-id shape).
std::string new_correlation_id();

}  // namespace vigil::log
