#include "vigil/agent/llm_call_scope.h"

#include <utility>

namespace vigil::agent {

LlmCallScope::LlmCallScope(AgentMetrics& metrics, LlmCall call) : metrics_(metrics), call_(std::move(call)) {}

LlmCallScope::~LlmCallScope() {
  try {
    call_.status = outcome_.final_status();
    call_.duration_seconds = outcome_.elapsed_seconds();
    metrics_.record_llm_call(call_);
  } catch (...) {
    // Only allocation can fail; a destructor must not throw, least of all while unwinding.
  }
}

}  // namespace vigil::agent
