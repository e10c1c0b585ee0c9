#pragma once
// A workflow timed by its scope: counted as started when built, and as ended
// (success, or failure when left by an exception or marked) when destroyed.
//
//   {
//     agent::WorkflowScope workflow(agents, "research");
//     ...
//     if (deadline_passed) workflow.set_status(agent::Status::timeout);
//   }

#include <string>
#include <utility>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class WorkflowScope : private ScopeOutcome {
 public:
  WorkflowScope(AgentMetrics& metrics, std::string workflow_type)
      : metrics_(metrics), workflow_type_(std::move(workflow_type)) {
    metrics_.record_workflow_start(workflow_type_);
  }
  ~WorkflowScope() {
    finish([this](Status status, double seconds) { metrics_.record_workflow_end(workflow_type_, status, seconds); });
  }
  WorkflowScope(const WorkflowScope&) = delete;
  WorkflowScope& operator=(const WorkflowScope&) = delete;

  using ScopeOutcome::fail;
  using ScopeOutcome::set_status;

 private:
  AgentMetrics& metrics_;
  std::string workflow_type_;
};

}  // namespace vigil::agent
