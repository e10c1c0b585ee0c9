#include "vigil/agent/agent_metrics.h"

#include <cmath>
#include <utility>
#include <vector>

namespace vigil::agent {
namespace {

// Agent work spans milliseconds (a cached tool) to an hour (a long workflow).
std::vector<double> duration_buckets() {
  return {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
}

std::vector<double> quality_buckets() { return {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}; }

// The bucket boundaries OpenTelemetry's GenAI conventions advise.
std::vector<double> token_buckets() {
  return {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864};
}
std::vector<double> llm_duration_buckets() {
  return {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92};
}

// Durations, token counts and costs: anything else is a caller's bug that
// must not poison a histogram's sum or a counter.
bool is_measure(double v) noexcept { return std::isfinite(v) && v >= 0; }
bool is_measure(const std::optional<double>& v) noexcept { return v && is_measure(*v); }

void observe_if_measure(metrics::Histogram& h, double v) noexcept {
  if (is_measure(v)) h.observe(v);
}

// OpenTelemetry's error.type: empty (the attribute absent) for a success,
// else a low-cardinality error class; "_OTHER" is its catch-all value.
std::string_view error_type(Status status) noexcept {
  switch (status) {
    case Status::success:
      return "";
    case Status::timeout:
      return "timeout";
    case Status::failure:
      break;
  }
  return "_OTHER";
}

}  // namespace

AgentMetrics::AgentMetrics(metrics::Registry& r, std::size_t max_open_workflows)
    : workflows_started_(r.counter("agent_workflows_started_total", "Workflows started.", {"workflow_type"})),
      workflows_completed_(
          r.counter("agent_workflows_completed_total", "Workflows that ended in success.", {"workflow_type"})),
      workflows_failed_(r.counter("agent_workflows_failed_total", "Workflows that ended in failure or timeout.",
                                  {"workflow_type", "status"})),
      workflows_active_(r.gauge("agent_workflows_active", "Workflows started and not yet ended.", {"workflow_type"})),
      workflow_duration_(r.histogram("agent_workflow_duration_seconds", "Time from a workflow's start to its end.",
                                     {"workflow_type", "status"}, duration_buckets(), "seconds")),
      tasks_(r.counter("agent_tasks_total", "Tasks performed by agents.", {"agent", "task_type", "status"})),
      task_duration_(r.histogram("agent_task_duration_seconds", "Time agents took to perform tasks.",
                                 {"agent", "task_type"}, duration_buckets(), "seconds")),
      task_quality_(r.histogram("agent_task_quality_score", "Quality score of task results, from 0 (worst) to 1.",
                                {"agent", "task_type"}, quality_buckets())),
      conflicts_started_(
          r.counter("agent_conflicts_started_total", "Conflicts between agents detected.", {"conflict_type"})),
      conflicts_resolved_(r.counter("agent_conflicts_resolved_total", "Conflicts between agents resolved.",
                                    {"conflict_type", "method"})),
      conflict_resolution_duration_(r.histogram("agent_conflict_resolution_duration_seconds",
                                                "Time from a conflict's detection to its resolution.",
                                                {"conflict_type", "method"}, duration_buckets(), "seconds")),
      dependency_wait_(r.histogram("agent_dependency_wait_seconds",
                                   "Time an agent waited for the output of another agent.", {"agent", "depends_on"},
                                   duration_buckets(), "seconds")),
      messages_(r.counter("agent_messages_total", "Messages sent between agents.", {"from", "to", "type"})),
      llm_token_usage_(
          r.histogram("gen_ai_client_token_usage", "Tokens used per language model call, by token type.",
                      {"gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type"},
                      token_buckets())),
      llm_duration_(r.histogram("gen_ai_client_operation_duration_seconds", "Duration of language model calls.",
                                {"gen_ai_operation_name", "gen_ai_provider_name", "gen_ai_request_model", "error_type"},
                                llm_duration_buckets(), "seconds")),
      llm_calls_(r.counter("agent_llm_calls_total", "Language model calls made by agents.",
                           {"agent", "gen_ai_provider_name", "gen_ai_request_model", "status"})),
      llm_tokens_(r.counter("agent_llm_tokens_total", "Tokens used by agents' language model calls.",
                            {"agent", "gen_ai_provider_name", "gen_ai_request_model", "gen_ai_token_type"})),
      llm_cost_(r.counter("agent_llm_cost_usd_total", "Cost of agents' language model calls, in US dollars.",
                          {"agent", "gen_ai_provider_name", "gen_ai_request_model"}, "usd")),
      tool_calls_(r.counter("agent_tool_calls_total", "Tool calls made by agents.", {"agent", "tool", "status"})),
      tool_duration_(r.histogram("agent_tool_call_duration_seconds", "Duration of agents' tool calls.",
                                 {"agent", "tool"}, duration_buckets(), "seconds")),
      max_open_workflows_(max_open_workflows) {}

bool AgentMetrics::start_workflow(std::string_view workflow_id, std::string_view workflow_type) {
  std::string id(workflow_id);
  bool tracked = false;
  {
    std::lock_guard lock(open_mu_);
    if (open_workflows_.contains(id)) return false;
    if (open_workflows_.size() < max_open_workflows_) {
      open_workflows_.try_emplace(std::move(id),
                                  OpenWorkflow{std::string(workflow_type), std::chrono::steady_clock::now()});
      tracked = true;
    }
  }
  if (!tracked) {
    workflows_started_.with({workflow_type}).inc();
    return false;
  }
  record_workflow_start(workflow_type);
  return true;
}

bool AgentMetrics::complete_workflow(std::string_view workflow_id, Status status) {
  OpenWorkflow open;
  {
    std::lock_guard lock(open_mu_);
    auto node = open_workflows_.extract(std::string(workflow_id));
    if (node.empty()) return false;
    open = std::move(node.mapped());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - open.start).count();
  record_workflow_end(open.type, status, seconds);
  return true;
}

void AgentMetrics::record_workflow_start(std::string_view workflow_type) {
  workflows_started_.with({workflow_type}).inc();
  workflows_active_.with({workflow_type}).inc();
}

void AgentMetrics::record_workflow_end(std::string_view workflow_type, Status status, double duration_seconds) {
  workflows_active_.with({workflow_type}).dec();
  if (status == Status::success) {
    workflows_completed_.with({workflow_type}).inc();
  } else {
    workflows_failed_.with({workflow_type, to_string(status)}).inc();
  }
  observe_if_measure(workflow_duration_.with({workflow_type, to_string(status)}), duration_seconds);
}

void AgentMetrics::record_agent_task(std::string_view agent, std::string_view task_type, Status status,
                                     double duration_seconds, std::optional<double> quality) {
  tasks_.with({agent, task_type, to_string(status)}).inc();
  observe_if_measure(task_duration_.with({agent, task_type}), duration_seconds);
  if (is_measure(quality) && *quality <= 1) task_quality_.with({agent, task_type}).observe(*quality);
}

void AgentMetrics::record_conflict(std::string_view conflict_type) { conflicts_started_.with({conflict_type}).inc(); }

void AgentMetrics::record_conflict_resolution(std::string_view conflict_type, std::string_view method,
                                              double resolution_seconds) {
  conflicts_resolved_.with({conflict_type, method}).inc();
  observe_if_measure(conflict_resolution_duration_.with({conflict_type, method}), resolution_seconds);
}

void AgentMetrics::record_dependency_wait(std::string_view agent, std::string_view depends_on, double wait_seconds) {
  // Without a valid duration there is nothing to record: the histogram is the only series.
  if (is_measure(wait_seconds)) dependency_wait_.with({agent, depends_on}).observe(wait_seconds);
}

void AgentMetrics::record_message(std::string_view from, std::string_view to, std::string_view type) {
  messages_.with({from, to, type}).inc();
}

void AgentMetrics::record_llm_call(const LlmCall& call) {
  llm_calls_.with({call.agent, call.provider, call.model, to_string(call.status)}).inc();
  observe_if_measure(llm_duration_.with({call.operation, call.provider, call.model, error_type(call.status)}),
                     call.duration_seconds);
  for (const auto& [type, tokens] : {std::pair{"input", call.input_tokens}, std::pair{"output", call.output_tokens}}) {
    if (!is_measure(tokens)) continue;
    llm_token_usage_.with({call.operation, call.provider, call.model, type}).observe(*tokens);
    llm_tokens_.with({call.agent, call.provider, call.model, type}).inc(*tokens);
  }
  if (is_measure(call.cost_usd)) llm_cost_.with({call.agent, call.provider, call.model}).inc(*call.cost_usd);
}

void AgentMetrics::record_tool_call(std::string_view agent, std::string_view tool, Status status,
                                    double duration_seconds) {
  tool_calls_.with({agent, tool, to_string(status)}).inc();
  observe_if_measure(tool_duration_.with({agent, tool}), duration_seconds);
}

}  // namespace vigil::agent
