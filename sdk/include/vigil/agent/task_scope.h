#pragma once
// One agent task timed by its scope and recorded by record_agent_task when
// the scope ends: success, or failure when left by an exception or marked.

#include <optional>
#include <string>
#include <utility>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class TaskScope : private ScopeOutcome {
 public:
  TaskScope(AgentMetrics& metrics, std::string agent, std::string task_type)
      : metrics_(metrics), agent_(std::move(agent)), task_type_(std::move(task_type)) {}
  ~TaskScope() {
    finish([this](Status status, double seconds) {
      metrics_.record_agent_task(agent_, task_type_, status, seconds, quality_);
    });
  }
  TaskScope(const TaskScope&) = delete;
  TaskScope& operator=(const TaskScope&) = delete;

  using ScopeOutcome::fail;
  using ScopeOutcome::set_status;
  // A score in [0, 1]; other values are left out, as record_agent_task does.
  void set_quality(double score) noexcept { quality_ = score; }

 private:
  AgentMetrics& metrics_;
  std::string agent_;
  std::string task_type_;
  std::optional<double> quality_;
};

}  // namespace vigil::agent
