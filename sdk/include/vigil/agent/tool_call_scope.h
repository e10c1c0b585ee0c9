#pragma once
// One tool call timed by its scope and recorded by record_tool_call when the
// scope ends: success, or failure when left by an exception or marked.

#include <string>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class ToolCallScope {
 public:
  ToolCallScope(AgentMetrics& metrics, std::string agent, std::string tool);
  ~ToolCallScope();
  ToolCallScope(const ToolCallScope&) = delete;
  ToolCallScope& operator=(const ToolCallScope&) = delete;

  void set_status(Status status) noexcept { outcome_.set_status(status); }
  void fail() noexcept { outcome_.set_status(Status::failure); }

 private:
  AgentMetrics& metrics_;
  std::string agent_;
  std::string tool_;
  ScopeOutcome outcome_;
};

}  // namespace vigil::agent
