#pragma once
// One language model call timed by its scope and recorded by record_llm_call
// when the scope ends: success, or failure when left by an exception or marked.
//
//   agent::LlmCallScope llm(agents, {.agent = "writer", .provider = "openai", .model = "gpt-4o"});
//   auto reply = client.chat(prompt);
//   llm.set_tokens(reply.usage.input, reply.usage.output);

#include "vigil/agent/agent_metrics.h"
#include "vigil/agent/llm_call.h"
#include "vigil/agent/scope_outcome.h"

namespace vigil::agent {

class LlmCallScope {
 public:
  // `call`'s duration and status are replaced by the measured ones.
  LlmCallScope(AgentMetrics& metrics, LlmCall call);
  ~LlmCallScope();
  LlmCallScope(const LlmCallScope&) = delete;
  LlmCallScope& operator=(const LlmCallScope&) = delete;

  void set_tokens(double input, double output) noexcept {
    call_.input_tokens = input;
    call_.output_tokens = output;
  }
  void set_cost_usd(double cost) noexcept { call_.cost_usd = cost; }
  void set_status(Status status) noexcept { outcome_.set_status(status); }
  void fail() noexcept { outcome_.set_status(Status::failure); }

 private:
  AgentMetrics& metrics_;
  LlmCall call_;
  ScopeOutcome outcome_;
};

}  // namespace vigil::agent
