#pragma once
// The standard metrics of a multi-agent system, under the names Vigil's
// agent-level views read (docs/agent-metrics.md lists every series).
//
//   metrics::Registry registry;
//   agent::AgentMetrics agents(registry);
//   agents.start_workflow(run_id, "research");
//   agents.record_agent_task("planner", "plan", agent::Status::success, 1.8, 0.9);
//   agents.complete_workflow(run_id, agent::Status::success);
//
// Label values (agent, task_type, tool, model, ...) must come from a bounded
// set: each distinct value is a new series. Ids of workflow runs are never
// labels. Every record call is thread-safe and never throws for bad values:
// a negative, NaN or infinite duration, token count or cost is left out (the
// event is still counted), a quality score outside [0, 1] is left out.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "vigil/agent/llm_call.h"
#include "vigil/agent/status.h"
#include "vigil/metrics/counter.h"
#include "vigil/metrics/family.h"
#include "vigil/metrics/gauge.h"
#include "vigil/metrics/histogram.h"
#include "vigil/metrics/registry.h"

namespace vigil::agent {

class AgentMetrics {
 public:
  // How many workflows start_workflow tracks at once; beyond it a start is
  // counted but not tracked, so the table cannot grow without bound when
  // workflows are never completed.
  static constexpr std::size_t kDefaultMaxOpenWorkflows = 10'000;

  // Registers every family. Throws std::invalid_argument when one of the
  // names is already registered in `registry` (a second AgentMetrics on the
  // same registry): a programming error, found at startup.
  explicit AgentMetrics(metrics::Registry& registry, std::size_t max_open_workflows = kDefaultMaxOpenWorkflows);
  AgentMetrics(const AgentMetrics&) = delete;
  AgentMetrics& operator=(const AgentMetrics&) = delete;

  // Workflows by id: the id only pairs a start with its completion and never
  // becomes a label. start_workflow returns false, and counts nothing, for an
  // id already open; it returns false, and counts the start without tracking
  // it, when max_open_workflows are open. complete_workflow returns false,
  // and counts nothing, for an id that is not open (never started, already
  // completed, or not tracked).
  bool start_workflow(std::string_view workflow_id, std::string_view workflow_type);
  bool complete_workflow(std::string_view workflow_id, Status status = Status::success);

  // Workflows without ids, for callers that time them themselves (WorkflowScope).
  void record_workflow_start(std::string_view workflow_type);
  void record_workflow_end(std::string_view workflow_type, Status status, double duration_seconds);

  // `quality` is a score in [0, 1] from whatever judges the result.
  void record_agent_task(std::string_view agent, std::string_view task_type, Status status, double duration_seconds,
                         std::optional<double> quality = std::nullopt);

  // A conflict between agents (contradicting results, contention for a
  // resource) was detected, and later resolved by `method` ("vote",
  // "priority", "human", ...) after `resolution_seconds`.
  void record_conflict(std::string_view conflict_type);
  void record_conflict_resolution(std::string_view conflict_type, std::string_view method, double resolution_seconds);

  // `agent` waited `wait_seconds` for the output of `depends_on`.
  void record_dependency_wait(std::string_view agent, std::string_view depends_on, double wait_seconds);

  void record_message(std::string_view from, std::string_view to, std::string_view type);
  void record_llm_call(const LlmCall& call);
  void record_tool_call(std::string_view agent, std::string_view tool, Status status, double duration_seconds);

 private:
  struct OpenWorkflow {
    std::string type;
    std::chrono::steady_clock::time_point start;
  };

  metrics::Family<metrics::Counter>& workflows_started_;
  metrics::Family<metrics::Counter>& workflows_completed_;
  metrics::Family<metrics::Counter>& workflows_failed_;
  metrics::Family<metrics::Gauge>& workflows_active_;
  metrics::Family<metrics::Histogram>& workflow_duration_;
  metrics::Family<metrics::Counter>& tasks_;
  metrics::Family<metrics::Histogram>& task_duration_;
  metrics::Family<metrics::Histogram>& task_quality_;
  metrics::Family<metrics::Counter>& conflicts_started_;
  metrics::Family<metrics::Counter>& conflicts_resolved_;
  metrics::Family<metrics::Histogram>& conflict_resolution_duration_;
  metrics::Family<metrics::Histogram>& dependency_wait_;
  metrics::Family<metrics::Counter>& messages_;
  metrics::Family<metrics::Histogram>& llm_token_usage_;
  metrics::Family<metrics::Histogram>& llm_duration_;
  metrics::Family<metrics::Counter>& llm_calls_;
  metrics::Family<metrics::Counter>& llm_tokens_;
  metrics::Family<metrics::Counter>& llm_cost_;
  metrics::Family<metrics::Counter>& tool_calls_;
  metrics::Family<metrics::Histogram>& tool_duration_;

  std::size_t max_open_workflows_;
  std::mutex open_mu_;
  std::unordered_map<std::string, OpenWorkflow> open_workflows_;
};

}  // namespace vigil::agent
