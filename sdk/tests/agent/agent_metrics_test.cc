#include "vigil/agent/agent_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "agent/exposition_lines.h"

namespace vigil::agent {
namespace {

using testing::exposed_series;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const metrics::MetricPoint* find_point(const std::vector<metrics::MetricFamily>& families, std::string_view name) {
  for (const auto& f : families) {
    if (f.name == name) return f.points.empty() ? nullptr : &f.points.front();
  }
  return nullptr;
}

uint64_t histogram_count(const std::vector<metrics::MetricFamily>& families, std::string_view name) {
  const auto* p = find_point(families, name);
  return p != nullptr ? std::get<metrics::HistogramValue>(p->value).count : 0;
}

double value_of(const std::vector<metrics::MetricFamily>& families, std::string_view name) {
  const auto* p = find_point(families, name);
  return p != nullptr ? std::get<double>(p->value) : -1;
}

TEST(AgentMetricsTest, ExposesExactlyTheDocumentedSeries) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  ASSERT_TRUE(agents.start_workflow("run-1", "research"));
  ASSERT_TRUE(agents.start_workflow("run-2", "research"));
  agents.record_agent_task("planner", "plan", Status::success, 1.5, 0.9);
  agents.record_conflict("contradiction");
  agents.record_conflict_resolution("contradiction", "vote", 3);
  agents.record_dependency_wait("writer", "planner", 0.2);
  agents.record_message("planner", "writer", "handoff");
  agents.record_llm_call({.agent = "writer",
                          .provider = "openai",
                          .model = "gpt-4o",
                          .input_tokens = 1200,
                          .output_tokens = 350,
                          .cost_usd = 0.0065,
                          .duration_seconds = 2.4});
  agents.record_tool_call("writer", "search", Status::timeout, 30);
  ASSERT_TRUE(agents.complete_workflow("run-1", Status::success));
  ASSERT_TRUE(agents.complete_workflow("run-2", Status::timeout));

  const std::set<std::string> expected = {
      R"(agent_workflows_started_total{workflow_type="research"})",
      R"(agent_workflows_completed_total{workflow_type="research"})",
      R"(agent_workflows_failed_total{status="timeout",workflow_type="research"})",
      R"(agent_workflows_active{workflow_type="research"})",
      R"(agent_workflow_duration_seconds_sum{status="success",workflow_type="research"})",
      R"(agent_workflow_duration_seconds_count{status="success",workflow_type="research"})",
      R"(agent_workflow_duration_seconds_sum{status="timeout",workflow_type="research"})",
      R"(agent_workflow_duration_seconds_count{status="timeout",workflow_type="research"})",
      R"(agent_tasks_total{agent="planner",status="success",task_type="plan"})",
      R"(agent_task_duration_seconds_sum{agent="planner",task_type="plan"})",
      R"(agent_task_duration_seconds_count{agent="planner",task_type="plan"})",
      R"(agent_task_quality_score_sum{agent="planner",task_type="plan"})",
      R"(agent_task_quality_score_count{agent="planner",task_type="plan"})",
      R"(agent_conflicts_started_total{conflict_type="contradiction"})",
      R"(agent_conflicts_resolved_total{conflict_type="contradiction",method="vote"})",
      R"(agent_conflict_resolution_duration_seconds_sum{conflict_type="contradiction",method="vote"})",
      R"(agent_conflict_resolution_duration_seconds_count{conflict_type="contradiction",method="vote"})",
      R"(agent_dependency_wait_seconds_sum{agent="writer",depends_on="planner"})",
      R"(agent_dependency_wait_seconds_count{agent="writer",depends_on="planner"})",
      R"(agent_messages_total{from="planner",to="writer",type="handoff"})",
      R"(gen_ai_client_operation_duration_seconds_sum{error_type="",gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"})",
      R"(gen_ai_client_operation_duration_seconds_count{error_type="",gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"})",
      R"(gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"})",
      R"(gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"})",
      R"(gen_ai_client_token_usage_sum{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="output"})",
      R"(gen_ai_client_token_usage_count{gen_ai_operation_name="chat",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="output"})",
      R"(agent_llm_calls_total{agent="writer",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",status="success"})",
      R"(agent_llm_tokens_total{agent="writer",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="input"})",
      R"(agent_llm_tokens_total{agent="writer",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",gen_ai_token_type="output"})",
      R"(agent_llm_cost_usd_total{agent="writer",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o"})",
      R"(agent_tool_calls_total{agent="writer",status="timeout",tool="search"})",
      R"(agent_tool_call_duration_seconds_sum{agent="writer",tool="search"})",
      R"(agent_tool_call_duration_seconds_count{agent="writer",tool="search"})",
  };
  EXPECT_EQ(exposed_series(registry), expected);
}

// The families the registry holds match docs/agent-metrics.md's table:
// the same names, types and label names, nothing more or less.
TEST(AgentMetricsTest, RegistersTheFamiliesDocumented) {
  std::ifstream doc(VIGIL_AGENT_METRICS_DOC);
  ASSERT_TRUE(doc) << "docs/agent-metrics.md";
  std::map<std::string, std::string> documented;  // name -> "type: label label ..."
  const std::regex row(R"(^\| `([a-z_]+)` \| (counter|gauge|histogram) \| ([^|]*) \|)");
  const std::regex label(R"(`([a-z_]+)`)");
  for (std::string line; std::getline(doc, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    std::set<std::string> labels;
    const std::string cell = m[3];
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), label); it != std::sregex_iterator(); ++it)
      labels.insert((*it)[1]);
    std::string description = std::string(m[2]) + ":";
    for (const auto& l : labels) description += " " + l;
    documented[m[1]] = description;
  }

  metrics::Registry registry;
  AgentMetrics agents(registry);
  std::map<std::string, std::string> registered;
  for (const auto& family : registry.collect()) {
    static constexpr const char* kTypes[] = {"counter", "gauge", "histogram", "unknown"};
    std::string description = std::string(kTypes[static_cast<int>(family.type)]) + ":";
    registered[family.name] = description;
  }
  // Label names are visible only on points: record one event of each kind
  // and read the first point of each family.
  agents.start_workflow("w", "t");
  agents.complete_workflow("w", Status::failure);
  agents.start_workflow("w2", "t");
  agents.complete_workflow("w2", Status::success);
  agents.record_agent_task("a", "t", Status::success, 1, 0.5);
  agents.record_conflict("c");
  agents.record_conflict_resolution("c", "m", 1);
  agents.record_dependency_wait("a", "b", 1);
  agents.record_message("a", "b", "t");
  agents.record_llm_call({.agent = "a", .provider = "p", .model = "m", .input_tokens = 1, .cost_usd = 1});
  agents.record_tool_call("a", "t", Status::success, 1);
  for (const auto& family : registry.collect()) {
    ASSERT_FALSE(family.points.empty()) << family.name;
    std::set<std::string> labels;
    for (const auto& l : family.points.front().labels) labels.insert(l.name);
    for (const auto& l : labels) registered[family.name] += " " + l;
  }
  EXPECT_EQ(registered, documented);
}

TEST(AgentMetricsTest, ASecondInstanceOnOneRegistryIsRejected) {
  metrics::Registry registry;
  AgentMetrics first(registry);
  EXPECT_THROW(AgentMetrics second(registry), std::invalid_argument);
}

TEST(AgentMetricsTest, WorkflowIdsPairStartsWithCompletionsAndNeverBecomeLabels) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  EXPECT_TRUE(agents.start_workflow("run-42", "etl"));
  EXPECT_FALSE(agents.start_workflow("run-42", "etl")) << "already open";
  EXPECT_FALSE(agents.complete_workflow("never-started"));
  EXPECT_TRUE(agents.complete_workflow("run-42", Status::failure));
  EXPECT_FALSE(agents.complete_workflow("run-42")) << "already completed";
  const auto series = exposed_series(registry);
  EXPECT_TRUE(series.contains(R"(agent_workflows_started_total{workflow_type="etl"})"));
  EXPECT_TRUE(series.contains(R"(agent_workflows_failed_total{status="failure",workflow_type="etl"})"));
  EXPECT_FALSE(series.contains(R"(agent_workflows_completed_total{workflow_type="etl"})"));
  for (const auto& s : series) EXPECT_EQ(s.find("run-42"), std::string::npos) << s;
  const auto families = registry.collect();
  EXPECT_EQ(value_of(families, "agent_workflows_started_total"), 1);
  EXPECT_EQ(value_of(families, "agent_workflows_active"), 0);
}

TEST(AgentMetricsTest, OpenWorkflowsAreBounded) {
  metrics::Registry registry;
  AgentMetrics agents(registry, 2);
  EXPECT_TRUE(agents.start_workflow("a", "t"));
  EXPECT_TRUE(agents.start_workflow("b", "t"));
  EXPECT_FALSE(agents.start_workflow("c", "t")) << "counted, not tracked";
  EXPECT_FALSE(agents.complete_workflow("c"));
  EXPECT_TRUE(agents.complete_workflow("a"));
  EXPECT_TRUE(agents.start_workflow("d", "t")) << "room again";
  const auto families = registry.collect();
  EXPECT_EQ(value_of(families, "agent_workflows_started_total"), 4);
  EXPECT_EQ(value_of(families, "agent_workflows_active"), 2);
}

TEST(AgentMetricsTest, InvalidMeasuresAreLeftOutButEventsCounted) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  for (double bad : {-1.0, kNaN, kInf}) {
    agents.record_agent_task("a", "t", Status::success, bad, bad);
    agents.record_tool_call("a", "t", Status::failure, bad);
    agents.record_dependency_wait("a", "b", bad);
    agents.record_conflict_resolution("c", "vote", bad);
    agents.record_workflow_start("w");
    agents.record_workflow_end("w", Status::success, bad);
    agents.record_llm_call({.agent = "a",
                            .provider = "p",
                            .model = "m",
                            .input_tokens = bad,
                            .output_tokens = bad,
                            .cost_usd = bad,
                            .duration_seconds = bad});
  }
  agents.record_agent_task("a", "t", Status::success, 1, 1.5);  // quality above 1
  const auto families = registry.collect();
  for (std::string_view histogram :
       {"agent_task_duration_seconds", "agent_task_quality_score", "agent_tool_call_duration_seconds",
        "agent_dependency_wait_seconds", "agent_conflict_resolution_duration_seconds",
        "agent_workflow_duration_seconds", "gen_ai_client_operation_duration_seconds", "gen_ai_client_token_usage"}) {
    const uint64_t expected = histogram == "agent_task_duration_seconds" ? 1 : 0;  // the last, valid call
    EXPECT_EQ(histogram_count(families, histogram), expected) << histogram;
  }
  EXPECT_EQ(find_point(families, "agent_llm_tokens_total"), nullptr);
  EXPECT_EQ(find_point(families, "agent_llm_cost_usd_total"), nullptr);
  EXPECT_EQ(value_of(families, "agent_tasks_total"), 4);
  EXPECT_EQ(value_of(families, "agent_tool_calls_total"), 3);
  EXPECT_EQ(value_of(families, "agent_llm_calls_total"), 3);
  EXPECT_EQ(value_of(families, "agent_conflicts_resolved_total"), 3);
  EXPECT_EQ(value_of(families, "agent_workflows_completed_total"), 3);
}

TEST(AgentMetricsTest, LlmCallsFollowOpenTelemetryErrorTypes) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  const LlmCall base{.agent = "a", .provider = "anthropic", .model = "claude", .duration_seconds = 1};
  for (Status s : {Status::success, Status::failure, Status::timeout}) {
    LlmCall call = base;
    call.status = s;
    agents.record_llm_call(call);
  }
  const auto series = exposed_series(registry);
  for (std::string_view error_type : {"", "_OTHER", "timeout"}) {
    const std::string s = "gen_ai_client_operation_duration_seconds_count{error_type=\"" + std::string(error_type) +
                          "\",gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"anthropic\","
                          "gen_ai_request_model=\"claude\"}";
    EXPECT_TRUE(series.contains(s)) << s;
  }
}

TEST(AgentMetricsTest, TokensAndCostAddUp) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  for (int i = 0; i < 3; ++i) {
    agents.record_llm_call(
        {.agent = "a", .provider = "p", .model = "m", .input_tokens = 100, .output_tokens = 10, .cost_usd = 0.25});
  }
  const auto families = registry.collect();
  EXPECT_EQ(value_of(families, "agent_llm_cost_usd_total"), 0.75);
  EXPECT_EQ(value_of(families, "agent_llm_tokens_total"), 300);  // "input" sorts first
  const auto* usage = find_point(families, "gen_ai_client_token_usage");
  EXPECT_EQ(std::get<metrics::HistogramValue>(usage->value).sum, 300);
}

TEST(AgentMetricsTest, ConcurrentWorkflowsAndTasksAddUp) {
  metrics::Registry registry;
  AgentMetrics agents(registry);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&agents, t] {
      for (int i = 0; i < 1000; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        agents.start_workflow(id, "w");
        agents.record_agent_task("a", "t", Status::success, 0.1);
        agents.complete_workflow(id, Status::success);
      }
    });
  }
  for (auto& th : threads) th.join();
  const auto families = registry.collect();
  EXPECT_EQ(value_of(families, "agent_workflows_started_total"), 4000);
  EXPECT_EQ(value_of(families, "agent_workflows_completed_total"), 4000);
  EXPECT_EQ(value_of(families, "agent_workflows_active"), 0);
  EXPECT_EQ(value_of(families, "agent_tasks_total"), 4000);
}

}  // namespace
}  // namespace vigil::agent
