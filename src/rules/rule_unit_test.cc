#include "rules/rule_unit_test.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/rule_test_file.h"
#include "rules/rule_test_run.h"

namespace vigil::rules {
namespace {

// The rule files a test file names: relative ones against its directory,
// globs expanded (each pattern's matches sorted), as promtool resolves them.
std::vector<std::string> resolve_rule_files(const RuleTestFile& file, std::vector<std::string>& warnings) {
  const std::filesystem::path dir = std::filesystem::path(file.path).parent_path();
  std::vector<std::string> out;
  for (const auto& name : file.rule_files) {
    std::filesystem::path pattern(name);
    if (!name.empty() && pattern.is_relative()) pattern = (dir / pattern).lexically_normal();
    glob_t matches{};
    if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
      for (size_t i = 0; i < matches.gl_pathc; ++i) {
        // A file named twice is loaded once: promtool keys groups by file
        // and name.
        if (std::find(out.begin(), out.end(), matches.gl_pathv[i]) == out.end()) out.emplace_back(matches.gl_pathv[i]);
      }
    } else {
      warnings.push_back(std::string("no file match pattern ") + pattern.string());
    }
    globfree(&matches);
  }
  return out;
}

}  // namespace

RuleUnitTestReport run_rule_unit_test(const std::string& path) {
  RuleUnitTestReport report;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.failures.push_back(path + ": cannot read the rule test file");
    return report;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto file = parse_rule_test_file(text.str(), path);
  if (!file) {
    report.failures.push_back(file.error().message);
    return report;
  }
  const std::vector<std::string> paths = resolve_rule_files(*file, report.warnings);
  // promtool loads the rule files for each test: without tests, a broken
  // one goes unnoticed.
  if (file->tests.empty()) return report;
  std::vector<RuleFile> rule_files;
  for (const auto& rule_path : paths) {
    auto loaded = load_rule_file(rule_path);
    if (loaded) {
      rule_files.push_back(std::move(*loaded));
    } else {
      report.failures.push_back(loaded.error().message);
    }
  }
  if (!report.failures.empty()) return report;
  const RuleTestSettings settings{file->evaluation_interval, file->group_eval_order};
  for (const auto& test : file->tests) {
    for (auto& failure : run_rule_test(test, rule_files, settings)) report.failures.push_back(std::move(failure));
  }
  return report;
}

}  // namespace vigil::rules
