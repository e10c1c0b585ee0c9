#pragma once
// The first eval of a one-eval script, for tests that need an expectation.

#include <gtest/gtest.h>

#include <string_view>

#include "promql/script/script.h"

namespace vigil::promql::conformance {

inline script::Eval eval_of(std::string_view text) {
  auto script = script::read_script(text, "t.test");
  EXPECT_TRUE(script) << script.error().message;
  if (script) {
    for (const script::Command& command : script->commands) {
      if (const auto* eval = std::get_if<script::Eval>(&command)) return *eval;
    }
  }
  ADD_FAILURE() << "no eval in " << text;
  return {};
}

inline storage::LabelSet labels(std::vector<storage::Label> list) { return *storage::LabelSet::from(std::move(list)); }

}  // namespace vigil::promql::conformance
