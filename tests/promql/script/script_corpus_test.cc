// Every file of the upstream promqltest corpus (../shared/promql-testdata)
// reads without error, and every eval expression parses. Prints the counts
// the conformance runner will start from.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "promql/parser.h"
#include "promql/script/script.h"

namespace vigil::promql::script {
namespace {

struct Counts {
  int files = 0, loads = 0, clears = 0, evals = 0, ordered = 0, fail = 0, range = 0, parsed = 0, native_histograms = 0,
      histogram_lines = 0;
};

bool is_histogram(const SequenceValue& v) { return v.kind == ValueKind::native_histogram; }

void count(const Script& script, Counts& counts) {
  ++counts.files;
  for (const Command& command : script.commands) {
    if (const auto* load = std::get_if<Load>(&command)) {
      ++counts.loads;
      for (const LoadedSeries& series : load->series) {
        counts.histogram_lines += std::ranges::any_of(series.samples, is_histogram, &Sample::value) ? 1 : 0;
      }
    }
    if (std::holds_alternative<Clear>(command)) ++counts.clears;
    const auto* eval = std::get_if<Eval>(&command);
    if (!eval) continue;
    ++counts.evals;
    counts.ordered += eval->ordered ? 1 : 0;
    counts.fail += eval->fail ? 1 : 0;
    counts.range += eval->kind == Eval::Kind::range ? 1 : 0;
    counts.native_histograms += eval->native_histograms ? 1 : 0;
    for (const ExpectedSeries& series : eval->expected) {
      counts.histogram_lines += std::ranges::any_of(series.values, is_histogram) ? 1 : 0;
    }
    auto parsed = parse_expr(eval->expr);
    EXPECT_TRUE(parsed) << script.file_name << ":" << eval->line << ": " << parsed.error().message;
    counts.parsed += parsed ? 1 : 0;
  }
}

TEST(ScriptCorpus, EveryFileReadsAndEveryExpressionParses) {
  const std::filesystem::path dir = VIGIL_PROMQL_TESTDATA_DIR;
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  Counts counts;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto script = read_script(text.str(), entry.path().filename().string());
    if (!script) {
      ADD_FAILURE() << script.error().message;
      continue;
    }
    count(*script, counts);
  }
  std::cout << "files " << counts.files << ", loads " << counts.loads << ", clears " << counts.clears << ", evals "
            << counts.evals << " (" << counts.ordered << " ordered, " << counts.fail << " fail, " << counts.range
            << " range; " << counts.parsed << " parse), native-histogram evals " << counts.native_histograms
            << ", lines with {{...}} " << counts.histogram_lines << "\n";
  // The corpus as FORMAT.md counts it.
  EXPECT_EQ(counts.files, 12);
  EXPECT_EQ(counts.loads, 104);
  EXPECT_EQ(counts.clears, 60);
  EXPECT_EQ(counts.evals, 768);
  EXPECT_EQ(counts.ordered, 24);
  EXPECT_EQ(counts.fail, 7);
  EXPECT_EQ(counts.range, 1);
  EXPECT_EQ(counts.parsed, counts.evals);
  EXPECT_EQ(counts.native_histograms, 189);  // all of native_histograms.test
  EXPECT_EQ(counts.histogram_lines, 33);
}

}  // namespace
}  // namespace vigil::promql::script
