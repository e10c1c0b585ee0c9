#include "vigil/agent/tool_call_scope.h"

#include <utility>

namespace vigil::agent {

ToolCallScope::ToolCallScope(AgentMetrics& metrics, std::string agent, std::string tool)
    : metrics_(metrics), agent_(std::move(agent)), tool_(std::move(tool)) {}

ToolCallScope::~ToolCallScope() {
  try {
    metrics_.record_tool_call(agent_, tool_, outcome_.final_status(), outcome_.elapsed_seconds());
  } catch (...) {
    // Only allocation can fail; a destructor must not throw, least of all while unwinding.
  }
}

}  // namespace vigil::agent
