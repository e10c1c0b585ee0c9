#pragma once
// One call to a language model, as AgentMetrics::record_llm_call takes it.
// Names follow the OpenTelemetry GenAI semantic conventions.

#include <optional>
#include <string>

#include "vigil/agent/status.h"

namespace vigil::agent {

struct LlmCall {
  std::string agent;                    // the calling agent (agent_* series only)
  std::string provider;                 // gen_ai.provider.name: "openai", "anthropic", "aws.bedrock", ...
  std::string model;                    // gen_ai.request.model: the model asked for
  std::string operation = "chat";       // gen_ai.operation.name: "chat", "text_completion", "embeddings", ...
  std::optional<double> input_tokens;   // prompt tokens, when the provider reports them
  std::optional<double> output_tokens;  // completion tokens
  std::optional<double> cost_usd;       // what the call cost, in US dollars
  double duration_seconds = 0;
  Status status = Status::success;
};

}  // namespace vigil::agent
