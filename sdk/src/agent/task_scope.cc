#include "vigil/agent/task_scope.h"

#include <utility>

namespace vigil::agent {

TaskScope::TaskScope(AgentMetrics& metrics, std::string agent, std::string task_type)
    : metrics_(metrics), agent_(std::move(agent)), task_type_(std::move(task_type)) {}

TaskScope::~TaskScope() {
  try {
    metrics_.record_agent_task(agent_, task_type_, outcome_.final_status(), outcome_.elapsed_seconds(), quality_);
  } catch (...) {
    // Only allocation can fail; a destructor must not throw, least of all while unwinding.
  }
}

}  // namespace vigil::agent
