#include "vigil/agent/workflow_scope.h"

#include <utility>

namespace vigil::agent {

WorkflowScope::WorkflowScope(AgentMetrics& metrics, std::string workflow_type)
    : metrics_(metrics), workflow_type_(std::move(workflow_type)) {
  metrics_.record_workflow_start(workflow_type_);
}

WorkflowScope::~WorkflowScope() {
  try {
    metrics_.record_workflow_end(workflow_type_, outcome_.final_status(), outcome_.elapsed_seconds());
  } catch (...) {
    // Only allocation can fail; a destructor must not throw, least of all while unwinding.
  }
}

}  // namespace vigil::agent
