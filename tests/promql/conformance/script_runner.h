#pragma once
// Runs promqltest scripts against Vigil's engine the way upstream's driver
// (Prometheus v2.53.5 promqltest) does, FORMAT.md §2, §5 and §6: a fresh
// storage per file and per `clear`, each instant eval checked as written, in
// range mode and through its @-modifier variants, each range eval once.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "promql/engine/engine.h"
#include "promql/script/script.h"

namespace vigil::promql::conformance {

// promqltest.NewTestEngine's limit (DefaultMaxSamplesPerQuery).
inline constexpr uint64_t kUpstreamMaxSamples = 10000;

// The engine settings of upstream's driver: 5m lookback, 1m default subquery
// step, 10000 samples per query, 100 s timeout.
EngineOptions upstream_engine_options();

struct RunnerOptions {
  EngineOptions engine = upstream_engine_options();
  // §5.3; off lets an engine without @ support see its other failures.
  bool at_modifier_variants = true;
};

enum class EvalStatus { passed, failed, skipped };

struct EvalOutcome {
  int line = 0;
  std::string expr;
  EvalStatus status = EvalStatus::passed;
  std::string variant;  // the query that failed: "instant at 50m", "@ variant ... at -500m in range mode", ...
  std::string detail;   // what differed, the error, or why it was skipped
};

struct FileReport {
  std::string file;  // the file name: known failures are listed as `<file>:<line>`
  // The file could not be read, or a load failed (upstream stops the file
  // there; the evals after it are reported failed, not run).
  std::optional<std::string> error;
  std::vector<EvalOutcome> evals;

  size_t count(EvalStatus status) const;
};

// The two queries the driver makes: the engine's, or a stand-in in tests.
struct QueryFunctions {
  std::function<QueryOutcome(const Queryable& data, const std::string& expr, int64_t time_ms)> instant;
  std::function<QueryOutcome(const Queryable& data, const std::string& expr, int64_t start_ms, int64_t end_ms,
                             int64_t step_ms)>
      range;
};

// With Vigil's engine, configured by options.engine.
FileReport run_script(const script::Script& script, const RunnerOptions& options);
FileReport run_script(const script::Script& script, const RunnerOptions& options, const QueryFunctions& queries);
FileReport run_file(const std::filesystem::path& path, const RunnerOptions& options);

// `*.test` files: the paths given, with directories replaced by the scripts
// in them, each list sorted by name.
std::vector<std::filesystem::path> script_files(const std::vector<std::filesystem::path>& paths);

}  // namespace vigil::promql::conformance
