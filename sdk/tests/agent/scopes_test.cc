#include <gtest/gtest.h>

#include <stdexcept>

#include "agent/exposition_lines.h"
#include "vigil/agent/llm_call_scope.h"
#include "vigil/agent/task_scope.h"
#include "vigil/agent/tool_call_scope.h"
#include "vigil/agent/workflow_scope.h"

namespace vigil::agent {
namespace {

using testing::exposed_series;

struct ScopesTest : ::testing::Test {
  metrics::Registry registry;
  AgentMetrics agents{registry};

  bool exposes(const std::string& series) { return exposed_series(registry).contains(series); }
};

TEST_F(ScopesTest, AScopeEndsInSuccessAndRecordsItsDuration) {
  {
    WorkflowScope workflow(agents, "research");
    EXPECT_TRUE(exposes(R"(agent_workflows_active{workflow_type="research"})"));
    TaskScope task(agents, "planner", "plan");
    task.set_quality(0.75);
    ToolCallScope tool(agents, "planner", "search");
  }
  EXPECT_TRUE(exposes(R"(agent_workflows_completed_total{workflow_type="research"})"));
  EXPECT_TRUE(exposes(R"(agent_workflow_duration_seconds_count{status="success",workflow_type="research"})"));
  EXPECT_TRUE(exposes(R"(agent_tasks_total{agent="planner",status="success",task_type="plan"})"));
  EXPECT_TRUE(exposes(R"(agent_task_duration_seconds_count{agent="planner",task_type="plan"})"));
  EXPECT_TRUE(exposes(R"(agent_task_quality_score_count{agent="planner",task_type="plan"})"));
  EXPECT_TRUE(exposes(R"(agent_tool_calls_total{agent="planner",status="success",tool="search"})"));
}

TEST_F(ScopesTest, LeavingByAnExceptionIsAFailure) {
  try {
    WorkflowScope workflow(agents, "research");
    TaskScope task(agents, "planner", "plan");
    ToolCallScope tool(agents, "planner", "search");
    LlmCallScope llm(agents, {.agent = "planner", .provider = "openai", .model = "gpt-4o"});
    throw std::runtime_error("model unavailable");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(exposes(R"(agent_workflows_failed_total{status="failure",workflow_type="research"})"));
  EXPECT_TRUE(exposes(R"(agent_tasks_total{agent="planner",status="failure",task_type="plan"})"));
  EXPECT_TRUE(exposes(R"(agent_tool_calls_total{agent="planner",status="failure",tool="search"})"));
  EXPECT_TRUE(exposes(
      R"(agent_llm_calls_total{agent="planner",gen_ai_provider_name="openai",gen_ai_request_model="gpt-4o",status="failure"})"));
}

TEST_F(ScopesTest, MarkedStatusesWin) {
  {
    WorkflowScope workflow(agents, "research");
    workflow.set_status(Status::timeout);
    TaskScope task(agents, "planner", "plan");
    task.fail();
  }
  try {
    ToolCallScope tool(agents, "planner", "search");
    tool.set_status(Status::timeout);
    throw std::runtime_error("deadline");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(exposes(R"(agent_workflows_failed_total{status="timeout",workflow_type="research"})"));
  EXPECT_TRUE(exposes(R"(agent_tasks_total{agent="planner",status="failure",task_type="plan"})"));
  EXPECT_TRUE(exposes(R"(agent_tool_calls_total{agent="planner",status="timeout",tool="search"})"));
}

TEST_F(ScopesTest, AScopeInsideACatchHandlerIsNotFailedByTheHandledException) {
  try {
    throw std::runtime_error("handled");
  } catch (const std::runtime_error&) {
    TaskScope retry(agents, "planner", "plan");
  }
  EXPECT_TRUE(exposes(R"(agent_tasks_total{agent="planner",status="success",task_type="plan"})"));
}

TEST_F(ScopesTest, LlmCallScopeRecordsTokensAndCost) {
  {
    LlmCallScope llm(agents, {.agent = "writer", .provider = "anthropic", .model = "claude", .operation = "chat"});
    llm.set_tokens(500, 40);
    llm.set_cost_usd(0.01);
  }
  const std::string model = R"(gen_ai_provider_name="anthropic",gen_ai_request_model="claude")";
  EXPECT_TRUE(exposes(R"(agent_llm_cost_usd_total{agent="writer",)" + model + "}"));
  EXPECT_TRUE(exposes(R"(agent_llm_tokens_total{agent="writer",)" + model + R"(,gen_ai_token_type="output"})"));
  EXPECT_TRUE(exposes(R"(gen_ai_client_token_usage_count{gen_ai_operation_name="chat",)" + model +
                      R"(,gen_ai_token_type="input"})"));
  EXPECT_TRUE(exposes(R"(gen_ai_client_operation_duration_seconds_count{error_type="",gen_ai_operation_name="chat",)" +
                      model + "}"));
}

}  // namespace
}  // namespace vigil::agent
