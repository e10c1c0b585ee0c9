#pragma once
// How a workflow, task, tool call or LLM call ended: the value of the
// `status` label. A closed set, so the label stays bounded.

#include <string_view>

namespace vigil::agent {

enum class Status { success, failure, timeout };

// "success", "failure", "timeout".
std::string_view to_string(Status status) noexcept;

}  // namespace vigil::agent
