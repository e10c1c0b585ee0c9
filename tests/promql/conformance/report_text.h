#pragma once
// How a file's results read in a terminal and in test logs.

#include <string>

#include "promql/conformance/script_runner.h"

namespace vigil::promql::conformance {

// `functions.test: 220 evals: 200 passed, 20 failed, 0 skipped`, then one
// line per distinct skip reason with its count, and the file's error if any.
std::string format_counts(const FileReport& report);

// Per failed eval: `<file>:<line>: <expr>`, then, indented, the query that
// failed and what differed.
std::string format_failures(const FileReport& report);

}  // namespace vigil::promql::conformance
