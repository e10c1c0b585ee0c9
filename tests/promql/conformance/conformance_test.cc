// Runs every script of the upstream corpus (../shared/promql-testdata) and of
// the project's own (tests/promql/testdata) against the engine, one test per
// file, and holds the failures to known_failures.txt: an unlisted failure and
// a listed eval that passes both fail the test.

#include <gtest/gtest.h>

#include <cctype>
#include <iostream>
#include <set>

#include "promql/conformance/known_failures.h"
#include "promql/conformance/report_text.h"
#include "promql/conformance/script_runner.h"

namespace vigil::promql::conformance {
namespace {

namespace fs = std::filesystem;

const fs::path kUpstreamDir = VIGIL_PROMQL_TESTDATA_DIR;
const fs::path kProjectDir = VIGIL_PROMQL_PROJECT_TESTDATA_DIR;
const fs::path kKnownFailures = VIGIL_PROMQL_KNOWN_FAILURES;

const KnownFailures& known_failures() {
  static const KnownFailures known = [] {
    auto read = read_known_failures(kKnownFailures);
    if (!read) ADD_FAILURE() << read.error().message;
    return read ? *read : KnownFailures{};
  }();
  return known;
}

const EvalOutcome* find_eval(const FileReport& report, const std::string& key) {
  for (const EvalOutcome& eval : report.evals) {
    if (eval_key(report.file, eval.line) == key) return &eval;
  }
  return nullptr;
}

class ConformanceScript : public testing::Test {
 public:
  explicit ConformanceScript(fs::path path) : path_(std::move(path)) {}

  void TestBody() override {
    if (!fs::exists(path_)) GTEST_SKIP() << "no scripts at " << path_;
    const FileReport report = run_file(path_, RunnerOptions{});
    std::cout << format_counts(report);
    EXPECT_FALSE(report.error) << report.error.value_or("");
    const KnownFailureMismatch mismatch = compare_with_known_failures(report, known_failures());
    for (const std::string& key : mismatch.unlisted_failures) {
      const EvalOutcome& eval = *find_eval(report, key);
      ADD_FAILURE() << key << ": " << eval.expr << "\n    " << eval.variant << ": " << eval.detail;
    }
    for (const std::string& key : mismatch.no_longer_failing) {
      ADD_FAILURE() << key << " no longer fails: remove it from " << kKnownFailures.string();
    }
  }

 private:
  fs::path path_;
};

// One test per script, `UpstreamScripts.functions_test`, registered at start
// because the scripts are found at run time. A missing directory gets one
// test that reports the skip.
void register_scripts(const char* suite, const fs::path& dir) {
  const std::vector<fs::path> scripts = fs::is_directory(dir) ? script_files({dir}) : std::vector<fs::path>{dir};
  for (const fs::path& path : scripts) {
    std::string name = path.filename().string();
    for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    testing::RegisterTest(suite, name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [path]() -> testing::Test* { return new ConformanceScript(path); });
  }
}

const bool kRegistered = [] {
  register_scripts("UpstreamScripts", kUpstreamDir);
  register_scripts("ProjectScripts", kProjectDir);
  return true;
}();

// Known failures are keyed by file name, so every name must be unique and
// every listed file must be one that runs.
TEST(ConformanceKnownFailures, NameScriptsThatRun) {
  std::set<std::string> names;
  for (const fs::path& dir : {kUpstreamDir, kProjectDir}) {
    if (!fs::is_directory(dir)) continue;
    for (const fs::path& file : script_files({dir})) {
      EXPECT_TRUE(names.insert(file.filename().string()).second) << "two scripts named " << file.filename();
    }
  }
  if (!fs::is_directory(kUpstreamDir)) GTEST_SKIP() << "no corpus at " << kUpstreamDir;
  for (const auto& [key, why] : known_failures()) {
    EXPECT_TRUE(names.contains(key.substr(0, key.rfind(':')))) << key << " names no script";
  }
}

}  // namespace
}  // namespace vigil::promql::conformance
