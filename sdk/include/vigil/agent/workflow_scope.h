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

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class WorkflowScope {
 public:
  WorkflowScope(AgentMetrics& metrics, std::string workflow_type);
  ~WorkflowScope();
  WorkflowScope(const WorkflowScope&) = delete;
  WorkflowScope& operator=(const WorkflowScope&) = delete;

  void set_status(Status status) noexcept { outcome_.set_status(status); }
  void fail() noexcept { outcome_.set_status(Status::failure); }

 private:
  AgentMetrics& metrics_;
  std::string workflow_type_;
  ScopeOutcome outcome_;
};

}  // namespace vigil::agent
