// The @ variant of every instant eval in the scripts re-parses, prints back
// to the same text, and pinning it again changes nothing: the engine gets
// well-formed queries whatever it makes of them.

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "promql/conformance/at_modifier_variants.h"
#include "promql/conformance/script_runner.h"
#include "promql/parser.h"
#include "promql/printer.h"

namespace vigil::promql::conformance {
namespace {

namespace fs = std::filesystem;

TEST(AtModifierCorpus, EveryVariantReparsesAndIsStable) {
  const fs::path upstream = VIGIL_PROMQL_TESTDATA_DIR;
  if (!fs::is_directory(upstream)) GTEST_SKIP() << "no corpus at " << upstream;
  size_t instant = 0, with_variants = 0;
  for (const fs::path& file : script_files({upstream, VIGIL_PROMQL_PROJECT_TESTDATA_DIR})) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto script = script::read_script(text.str(), file.filename().string());
    ASSERT_TRUE(script) << script.error().message;
    for (const script::Command& command : script->commands) {
      const auto* eval = std::get_if<script::Eval>(&command);
      if (!eval || eval->kind != script::Eval::Kind::instant) continue;
      ++instant;
      auto pinned = pin_to_eval_time(eval->expr, eval->time_ms);
      if (!pinned) continue;
      ++with_variants;
      auto parsed = parse_expr(*pinned);
      ASSERT_TRUE(parsed) << script->file_name << ":" << eval->line << ": " << *pinned << ": "
                          << parsed.error().message;
      EXPECT_EQ(to_string(*parsed), *pinned) << script->file_name << ":" << eval->line;
      EXPECT_EQ(pin_to_eval_time(*pinned, eval->time_ms + 1), pinned) << script->file_name << ":" << eval->line;
    }
  }
  std::cout << with_variants << " of " << instant << " instant evals have @ variants\n";
}

}  // namespace
}  // namespace vigil::promql::conformance
