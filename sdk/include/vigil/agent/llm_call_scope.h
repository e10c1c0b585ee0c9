#pragma once
// One language model call timed by its scope and recorded by record_llm_call
// when the scope ends: success, or failure when left by an exception or marked.
//
//   agent::LlmCallScope llm(agents, {.agent = "writer", .provider = "openai", .model = "gpt-4o"});
//   auto reply = client.chat(prompt);
//   llm.set_tokens(reply.usage.input, reply.usage.output);

#include <utility>

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/llm_call.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class LlmCallScope : private ScopeOutcome {
 public:
  // `call`'s duration and status are replaced by the measured ones.
  LlmCallScope(AgentMetrics& metrics, LlmCall call) : metrics_(metrics), call_(std::move(call)) {}
  ~LlmCallScope() {
    finish([this](Status status, double seconds) {
      call_.status = status;
      call_.duration_seconds = seconds;
      metrics_.record_llm_call(call_);
    });
  }
  LlmCallScope(const LlmCallScope&) = delete;
  LlmCallScope& operator=(const LlmCallScope&) = delete;

  void set_tokens(double input, double output) noexcept {
    call_.input_tokens = input;
    call_.output_tokens = output;
  }
  void set_cost_usd(double cost) noexcept { call_.cost_usd = cost; }
  using ScopeOutcome::fail;
  using ScopeOutcome::set_status;

 private:
  AgentMetrics& metrics_;
  LlmCall call_;
};

}  // namespace vigil::agent
