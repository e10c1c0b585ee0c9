// promql_conformance: runs promqltest scripts against Vigil's engine as
// upstream's driver does and prints, per file, the counts and every failure.
//
//   promql_conformance ../shared/promql-testdata tests/promql/testdata
//   promql_conformance ../shared/promql-testdata/functions.test --counts-only
//   promql_conformance ../shared/promql-testdata tests/promql/testdata
//       --write-known-failures tests/promql/conformance/known_failures.txt
//
// Exits 1 when an eval failed or a file could not be run.

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

#include "promql/conformance/known_failures.h"
#include "promql/conformance/report_text.h"
#include "promql/conformance/script_runner.h"

namespace conformance = vigil::promql::conformance;

int main(int argc, char** argv) {
  CLI::App app{"Runs PromQL test scripts (promqltest format) against Vigil's engine."};
  std::vector<std::filesystem::path> paths;
  std::string known_failures_out;
  bool counts_only = false;
  bool no_at_variants = false;
  conformance::RunnerOptions options;
  app.add_option("paths", paths, "*.test files, or directories of them")->required();
  app.add_option("--write-known-failures", known_failures_out,
                 "write every failed eval to this file, in the format of known_failures.txt");
  app.add_option("--max-samples", options.engine.max_samples, "samples one query may hold (upstream: 10000)")
      ->capture_default_str();
  app.add_flag("--no-at-variants", no_at_variants, "skip the @-modifier variants of instant evals");
  app.add_flag("--counts-only", counts_only, "print the counts per file, not the failures");
  CLI11_PARSE(app, argc, argv);
  options.at_modifier_variants = !no_at_variants;

  std::vector<conformance::FileReport> reports;
  size_t passed = 0, failed = 0, skipped = 0, errors = 0;
  for (const auto& file : conformance::script_files(paths)) {
    conformance::FileReport report = conformance::run_file(file, options);
    if (!counts_only) std::cout << conformance::format_failures(report);
    std::cout << conformance::format_counts(report) << std::flush;
    passed += report.count(conformance::EvalStatus::passed);
    failed += report.count(conformance::EvalStatus::failed);
    skipped += report.count(conformance::EvalStatus::skipped);
    errors += report.error ? 1 : 0;
    reports.push_back(std::move(report));
  }
  std::cout << "total: " << reports.size() << " files, " << passed << " passed, " << failed << " failed, " << skipped
            << " skipped" << (errors ? ", " + std::to_string(errors) + " files with errors" : "") << "\n";

  if (!known_failures_out.empty()) {
    std::ofstream out(known_failures_out);
    out << conformance::format_known_failures(reports);
    if (!out.flush()) {
      std::cerr << "cannot write " << known_failures_out << "\n";
      return 2;
    }
    std::cout << "wrote " << failed << " known failures to " << known_failures_out << "\n";
    return 0;
  }
  return failed == 0 && errors == 0 ? 0 : 1;
}
