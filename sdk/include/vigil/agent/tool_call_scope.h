#pragma once
// One tool call timed by its scope and recorded by record_tool_call when the
// scope ends: success, or failure when left by an exception or marked.

#include <string>
#include <utility>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class ToolCallScope : private ScopeOutcome {
 public:
  ToolCallScope(AgentMetrics& metrics, std::string agent, std::string tool)
      : metrics_(metrics), agent_(std::move(agent)), tool_(std::move(tool)) {}
  ~ToolCallScope() {
    finish([this](Status status, double seconds) { metrics_.record_tool_call(agent_, tool_, status, seconds); });
  }
  ToolCallScope(const ToolCallScope&) = delete;
  ToolCallScope& operator=(const ToolCallScope&) = delete;

  using ScopeOutcome::fail;
  using ScopeOutcome::set_status;

 private:
  AgentMetrics& metrics_;
  std::string agent_;
  std::string tool_;
};

}  // namespace vigil::agent
