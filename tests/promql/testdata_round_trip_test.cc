// Every expression of the upstream promqltest corpus (../shared/promql-testdata)
// parses, and prints to text that parses to a tree printing the same. At this
// corpus's tag even `eval_fail` expressions must parse: they fail when run.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "promql/parser.h"
#include "promql/printer.h"

namespace vigil::promql {
namespace {

struct Eval {
  std::string file;
  int line;
  std::string expr;
};

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The expressions of `eval`, `eval_fail` and `eval_ordered` commands, read
// with the upstream driver's regular expressions.
std::vector<Eval> read_evals(const std::filesystem::path& dir) {
  static const std::regex instant(R"(^eval(?:_(fail|ordered))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$)");
  static const std::regex range(R"(^eval(?:_(fail))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$)");
  std::vector<Eval> out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      std::string text = trim(line);
      if (text.rfind("eval", 0) != 0) continue;
      std::smatch m;
      if (std::regex_match(text, m, instant)) {
        out.push_back({path.filename().string(), number, m[3].str()});
      } else if (std::regex_match(text, m, range)) {
        out.push_back({path.filename().string(), number, m[5].str()});
      } else {
        ADD_FAILURE() << path << ":" << number << ": not an eval command: " << text;
      }
    }
  }
  return out;
}

// The upstream driver's @-modifier variant: every selector and subquery
// without `@` gets `@ <ms>`; what is inside a subquery keeps its own (the
// subquery has one by then). Returns false when the expression calls a
// function whose value depends on the evaluation time, which the driver
// leaves alone.
bool add_at_modifiers(Expr& expr, int64_t ms) {
  static const std::vector<std::string_view> kUnsafe = {"days_in_month",  "day_of_month", "day_of_week", "day_of_year",
                                                        "hour",           "minute",       "month",       "year",
                                                        "predict_linear", "time",         "timestamp"};
  bool safe = true;
  AtModifier at{AtModifier::Anchor::timestamp, ms};
  auto visit = [&](auto& self, Expr& e) -> void {
    if (auto* vs = std::get_if<VectorSelector>(&e.node)) {
      if (!vs->at) vs->at = at;
    } else if (auto* ms_node = std::get_if<MatrixSelector>(&e.node)) {
      if (!ms_node->selector.at) ms_node->selector.at = at;
    } else if (auto* sq = std::get_if<Subquery>(&e.node)) {
      if (!sq->at) sq->at = at;
    } else if (auto* call = std::get_if<Call>(&e.node)) {
      for (auto name : kUnsafe) safe = safe && call->function->name != name;
      for (auto& arg : call->args) self(self, *arg);
    } else if (auto* agg = std::get_if<Aggregate>(&e.node)) {
      if (agg->param) self(self, *agg->param);
      self(self, *agg->expr);
    } else if (auto* bin = std::get_if<Binary>(&e.node)) {
      self(self, *bin->lhs);
      self(self, *bin->rhs);
    } else if (auto* unary = std::get_if<Unary>(&e.node)) {
      self(self, *unary->expr);
    } else if (auto* paren = std::get_if<Paren>(&e.node)) {
      self(self, *paren->expr);
    }
  };
  visit(visit, expr);
  return safe;
}

TEST(PromqlTestdata, EveryEvalExpressionRoundTrips) {
  std::filesystem::path dir = VIGIL_PROMQL_TESTDATA_DIR;
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent";
  std::vector<Eval> evals = read_evals(dir);
  ASSERT_FALSE(evals.empty());
  size_t round_tripped = 0;
  for (const Eval& e : evals) {
    std::string where = e.file + ":" + std::to_string(e.line) + ": " + e.expr;
    auto first = parse_expr(e.expr);
    if (!first) {
      ADD_FAILURE() << where << ": " << first.error().message;
      continue;
    }
    std::string printed = to_string(*first);
    auto second = parse_expr(printed);
    if (!second) {
      ADD_FAILURE() << where << ": printed as " << printed << ", which fails: " << second.error().message;
      continue;
    }
    if (to_string(*second) != printed) {
      ADD_FAILURE() << where << ": printed as " << printed << ", then as " << to_string(*second);
      continue;
    }
    ++round_tripped;
  }
  std::cout << round_tripped << " of " << evals.size() << " testdata expressions round-trip\n";
  RecordProperty("round_tripped", static_cast<int>(round_tripped));
  RecordProperty("expressions", static_cast<int>(evals.size()));
}

}  // namespace
}  // namespace vigil::promql

namespace vigil::promql {
namespace {

// The driver prints the rewritten tree with Prometheus's printer and parses
// it again: Vigil must read its own rendering of `@ 3000.000`, and of negative
// times.
TEST(PromqlTestdata, AtModifierVariantsRoundTrip) {
  std::filesystem::path dir = VIGIL_PROMQL_TESTDATA_DIR;
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is absent";
  size_t rewritten = 0;
  for (const Eval& e : read_evals(dir)) {
    for (int64_t ms : {int64_t{3000000}, int64_t{-30000000}}) {
      auto parsed = parse_expr(e.expr);
      ASSERT_TRUE(parsed) << e.expr;
      if (!add_at_modifiers(*parsed, ms)) continue;
      std::string printed = to_string(*parsed);
      auto again = parse_expr(printed);
      ASSERT_TRUE(again) << e.file << ":" << e.line << ": " << printed << ": " << again.error().message;
      EXPECT_EQ(to_string(*again), printed) << e.file << ":" << e.line;
      ++rewritten;
    }
  }
  std::cout << rewritten << " @-modifier variants round-trip\n";
  EXPECT_GT(rewritten, 0u);
}

}  // namespace
}  // namespace vigil::promql
