#include "promql/conformance/known_failures.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace vigil::promql::conformance {
namespace {

std::string_view trim(std::string_view text) {
  const size_t b = text.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return text.substr(b, text.find_last_not_of(" \t\r") - b + 1);
}

// One line, short enough to read in a diff.
std::string reason(const EvalOutcome& eval) {
  constexpr size_t kMaxReason = 160;
  std::string why = eval.variant + ": " + eval.detail;
  for (char& c : why) c = c == '\n' ? ' ' : c;
  if (why.size() > kMaxReason) why = why.substr(0, kMaxReason - 3) + "...";
  return why;
}

}  // namespace

std::string eval_key(std::string_view file, int line) {
  std::string key(file);
  key += ':';
  key += std::to_string(line);
  return key;
}

Result<KnownFailures> parse_known_failures(std::string_view text) {
  KnownFailures known;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    const size_t hash = line.find('#');
    std::string_view key = trim(line.substr(0, hash));
    if (key.empty()) continue;
    const size_t colon = key.rfind(':');
    int eval_line = 0;
    const char* end = key.data() + key.size();
    if (colon == std::string_view::npos || colon == 0 ||
        std::from_chars(key.data() + colon + 1, end, eval_line).ptr != end || eval_line <= 0) {
      return std::unexpected(make_error(ErrorKind::invalid_argument, "known failures line " + std::to_string(number) +
                                                                         ": expected <file>:<line>, got \"" +
                                                                         std::string(key) + "\""));
    }
    known.emplace(std::string(key), hash == std::string_view::npos ? "" : std::string(trim(line.substr(hash + 1))));
  }
  return known;
}

Result<KnownFailures> read_known_failures(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::unexpected(make_error(ErrorKind::not_found, "cannot read " + path.string()));
  std::stringstream text;
  text << in.rdbuf();
  return parse_known_failures(text.str());
}

std::string format_known_failures(std::span<const FileReport> reports) {
  std::string out =
      "# PromQL conformance evals the engine does not pass yet: <file>:<line>  # why.\n"
      "# Written by `promql_conformance --write-known-failures FILE <scripts...>`; the\n"
      "# conformance test fails on an unlisted failure and on a listed eval that passes,\n"
      "# so this list only shrinks. It must end empty.\n";
  for (const FileReport& report : reports) {
    for (const EvalOutcome& eval : report.evals) {
      if (eval.status != EvalStatus::failed) continue;
      out += eval_key(report.file, eval.line);
      out += "  # ";
      out += reason(eval);
      out += '\n';
    }
  }
  return out;
}

KnownFailureMismatch compare_with_known_failures(const FileReport& report, const KnownFailures& known) {
  KnownFailureMismatch mismatch;
  std::set<std::string> failed;
  for (const EvalOutcome& eval : report.evals) {
    if (eval.status != EvalStatus::failed) continue;
    std::string key = eval_key(report.file, eval.line);
    if (!known.contains(key)) mismatch.unlisted_failures.push_back(key);
    failed.insert(std::move(key));
  }
  const std::string prefix = report.file + ":";
  for (auto it = known.lower_bound(prefix); it != known.end() && it->first.starts_with(prefix); ++it) {
    if (!failed.contains(it->first)) mismatch.no_longer_failing.push_back(it->first);
  }
  return mismatch;
}

}  // namespace vigil::promql::conformance
