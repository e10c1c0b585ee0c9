#include "promql/conformance/script_runner.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/duration.h"
#include "promql/conformance/at_modifier_variants.h"
#include "promql/conformance/result_comparison.h"
#include "promql/conformance/test_storage.h"
#include "promql/engine/storage_queryable.h"

namespace vigil::promql::conformance {
namespace {

using script::Eval;

constexpr int64_t kMinute = 60 * 1000;

struct Failure {
  std::string variant;
  std::string detail;
};

// Evaluation times in the script's notation: 50m, 0s, -500m.
std::string format_time(int64_t ms) {
  if (ms < 0) return "-" + format_duration(Duration(-ms));
  return format_duration(Duration(ms));
}

// Upstream's runInstantQuery: the query at `time_ms`, then the same as a
// range query over [t-1m, t+1m] whose point at t must match too.
std::optional<Failure> check_instant_query(const Eval& eval, const std::string& expr, int64_t time_ms,
                                           const std::string& variant, const Queryable& data,
                                           const QueryFunctions& queries) {
  auto result = queries.instant(data, expr, time_ms);
  if (!result) {
    if (eval.fail) return std::nullopt;
    return Failure{variant, "error evaluating query: " + result.error().message};
  }
  if (eval.fail) return Failure{variant, "expected an error evaluating the query, but got none"};
  if (auto differs = compare_result(eval, *result)) return Failure{variant, *differs};

  const std::string range_variant = variant + " in range mode";
  auto range = queries.range(data, expr, time_ms - kMinute, time_ms + kMinute, kMinute);
  if (!range) return Failure{range_variant, "error evaluating query in range mode: " + range.error().message};
  // Range results are sorted by labels, so an ordered expectation cannot
  // hold; upstream still wants the range query to succeed.
  if (eval.ordered) return std::nullopt;
  const auto* matrix = std::get_if<Matrix>(&range->value);
  if (!matrix) return Failure{range_variant, "the range query did not return a matrix"};
  if (auto unsorted = check_sorted(*matrix)) return Failure{range_variant, *unsorted};
  Vector at_time;
  for (const MatrixSeries& series : *matrix) {
    auto point = std::ranges::find(series.points, time_ms, &storage::Sample::t);
    if (point != series.points.end()) at_time.push_back({series.labels, point->t, point->v});
  }
  QueryResult middle_step{at_time, {}};
  if (std::holds_alternative<ScalarValue>(result->value)) {
    if (at_time.empty()) return Failure{range_variant, "the instant query gave a scalar, range mode no point at t"};
    middle_step.value = ScalarValue{time_ms, at_time.front().v};
  }
  if (auto differs = compare_result(eval, middle_step)) return Failure{range_variant, *differs};
  return std::nullopt;
}

// Upstream's execInstantEval: the query as written, then its @ variants; the
// first failing query fails the eval.
std::optional<Failure> check_instant_eval(const Eval& eval, const Queryable& data, const QueryFunctions& queries,
                                          const RunnerOptions& options) {
  if (auto failure = check_instant_query(eval, eval.expr, eval.time_ms, "instant at " + format_time(eval.time_ms), data,
                                         queries)) {
    return failure;
  }
  if (!options.at_modifier_variants) return std::nullopt;
  auto variants = at_modifier_variants(eval.expr, eval.time_ms);
  if (!variants) return std::nullopt;
  for (int64_t time_ms : variants->times_ms) {
    const std::string variant = "@ variant `" + variants->expr + "` at " + format_time(time_ms);
    if (auto failure = check_instant_query(eval, variants->expr, time_ms, variant, data, queries)) return failure;
  }
  return std::nullopt;
}

// Upstream's execRangeEval.
std::optional<Failure> check_range_eval(const Eval& eval, const Queryable& data, const QueryFunctions& queries) {
  const std::string variant = "range from " + format_time(eval.start_ms) + " to " + format_time(eval.end_ms) +
                              " step " + format_time(eval.step_ms);
  auto result = queries.range(data, eval.expr, eval.start_ms, eval.end_ms, eval.step_ms);
  if (!result) {
    if (eval.fail) return std::nullopt;
    return Failure{variant, "error evaluating query: " + result.error().message};
  }
  if (eval.fail) return Failure{variant, "expected an error evaluating the query, but got none"};
  if (auto differs = compare_result(eval, *result)) return Failure{variant, *differs};
  return std::nullopt;
}

EvalOutcome run_eval(const Eval& eval, const TestStorage& storage, const QueryFunctions& queries,
                     const RunnerOptions& options) {
  EvalOutcome outcome{.line = eval.line, .expr = eval.expr};
  if (eval.native_histograms) {
    outcome.status = EvalStatus::skipped;
    outcome.detail = script::kNativeHistogramsUnsupported;
    return outcome;
  }
  const StorageQueryable data(storage.database());
  auto failure = eval.kind == Eval::Kind::instant ? check_instant_eval(eval, data, queries, options)
                                                  : check_range_eval(eval, data, queries);
  if (failure) {
    outcome.status = EvalStatus::failed;
    outcome.variant = std::move(failure->variant);
    outcome.detail = std::move(failure->detail);
  }
  return outcome;
}

// Upstream stops a file at a failed load; the evals after it did not run.
void fail_remaining_evals(const script::Script& script, size_t from, const std::string& why, FileReport& report) {
  for (size_t i = from; i < script.commands.size(); ++i) {
    if (const auto* eval = std::get_if<Eval>(&script.commands[i])) {
      report.evals.push_back({eval->line, eval->expr, EvalStatus::failed, "not run", why});
    }
  }
}

}  // namespace

EngineOptions upstream_engine_options() {
  EngineOptions options;
  options.lookback_delta_ms = 5 * kMinute;
  options.default_subquery_step_ms = kMinute;
  options.max_samples = kUpstreamMaxSamples;
  options.timeout = std::chrono::seconds(100);
  return options;
}

size_t FileReport::count(EvalStatus status) const {
  return static_cast<size_t>(std::ranges::count(evals, status, &EvalOutcome::status));
}

FileReport run_script(const script::Script& script, const RunnerOptions& options) {
  const Engine engine(options.engine);
  const QueryFunctions queries{
      [&engine](const Queryable& data, const std::string& expr, int64_t time_ms) {
        return engine.instant(data, expr, time_ms);
      },
      [&engine](const Queryable& data, const std::string& expr, int64_t start_ms, int64_t end_ms, int64_t step_ms) {
        return engine.range(data, expr, start_ms, end_ms, step_ms);
      },
  };
  return run_script(script, options, queries);
}

FileReport run_script(const script::Script& script, const RunnerOptions& options, const QueryFunctions& queries) {
  FileReport report{.file = script.file_name};
  std::unique_ptr<TestStorage> storage;
  for (size_t i = 0; i < script.commands.size(); ++i) {
    const script::Command& command = script.commands[i];
    const auto* load = std::get_if<script::Load>(&command);
    if (!storage || std::holds_alternative<script::Clear>(command)) {
      storage.reset();
      auto created = TestStorage::create();
      if (!created) {
        report.error = "cannot create the storage: " + created.error().message;
        fail_remaining_evals(script, i, *report.error, report);
        return report;
      }
      storage = std::move(*created);
    }
    // Native histograms cannot be stored; the reader marks every eval that
    // could read them, and those are skipped.
    if (load && !load->native_histograms) {
      if (auto loaded = storage->load(*load); !loaded) {
        report.error = "load at line " + std::to_string(load->line) + " failed: " + loaded.error().message;
        fail_remaining_evals(script, i + 1, *report.error, report);
        return report;
      }
    }
    if (const auto* eval = std::get_if<Eval>(&command))
      report.evals.push_back(run_eval(*eval, *storage, queries, options));
  }
  return report;
}

FileReport run_file(const std::filesystem::path& path, const RunnerOptions& options) {
  const std::string name = path.filename().string();
  std::ifstream in(path);
  if (!in) return FileReport{.file = name, .error = "cannot read " + path.string()};
  std::stringstream text;
  text << in.rdbuf();
  auto script = script::read_script(text.str(), name);
  if (!script) return FileReport{.file = name, .error = script.error().message};
  return run_script(*script, options);
}

std::vector<std::filesystem::path> script_files(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::filesystem::path> files;
  for (const std::filesystem::path& path : paths) {
    if (!std::filesystem::is_directory(path)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::filesystem::path> scripts;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".test") scripts.push_back(entry.path());
    }
    std::ranges::sort(scripts);
    files.insert(files.end(), scripts.begin(), scripts.end());
  }
  return files;
}

}  // namespace vigil::promql::conformance
