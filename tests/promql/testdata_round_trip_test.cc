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
