#pragma once
// One agent task timed by its scope and recorded by record_agent_task when
// the scope ends: success, or failure when left by an exception or marked.

#include <optional>
#include <string>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class TaskScope {
 public:
  TaskScope(AgentMetrics& metrics, std::string agent, std::string task_type);
  ~TaskScope();
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;

  void set_status(Status status) noexcept { outcome_.set_status(status); }
  void fail() noexcept { outcome_.set_status(Status::failure); }
  // A score in [0, 1]; other values are left out, as record_agent_task does.
  void set_quality(double score) noexcept { quality_ = score; }

 private:
  AgentMetrics& metrics_;
  std::string agent_;
  std::string task_type_;
  std::optional<double> quality_;
  ScopeOutcome outcome_;
};

}  // namespace vigil::agent
