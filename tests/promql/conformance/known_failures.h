#pragma once
// The evals the engine is known to fail, kept in known_failures.txt while the
// engine is incomplete: one `<file>:<line>` per line, then `#` and why. The
// conformance test fails on a failure that is not listed and on a listed eval
// that no longer fails, so the list only shrinks and must end empty.

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "promql/conformance/script_runner.h"

namespace vigil::promql::conformance {

// `<file>:<line>` → the reason written beside it.
using KnownFailures = std::map<std::string, std::string>;

std::string eval_key(std::string_view file, int line);

Result<KnownFailures> parse_known_failures(std::string_view text);
Result<KnownFailures> read_known_failures(const std::filesystem::path& path);

// The whole file for these reports: a header saying how it is made, then
// every failed eval with the first line of why.
std::string format_known_failures(std::span<const FileReport> reports);

struct KnownFailureMismatch {
  std::vector<std::string> unlisted_failures;  // failed, not listed: a regression
  std::vector<std::string> no_longer_failing;  // listed for this file, did not fail: remove the line
};

KnownFailureMismatch compare_with_known_failures(const FileReport& report, const KnownFailures& known);

}  // namespace vigil::promql::conformance
