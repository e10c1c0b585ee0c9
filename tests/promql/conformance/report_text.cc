#include "promql/conformance/report_text.h"

#include <map>

namespace vigil::promql::conformance {

std::string format_counts(const FileReport& report) {
  std::string out = report.file + ": " + std::to_string(report.evals.size()) +
                    " evals: " + std::to_string(report.count(EvalStatus::passed)) + " passed, " +
                    std::to_string(report.count(EvalStatus::failed)) + " failed, " +
                    std::to_string(report.count(EvalStatus::skipped)) + " skipped\n";
  std::map<std::string, size_t> skip_reasons;
  for (const EvalOutcome& eval : report.evals) {
    if (eval.status == EvalStatus::skipped) ++skip_reasons[eval.detail];
  }
  for (const auto& [reason, count] : skip_reasons) {
    out += "  skipped " + std::to_string(count) + ": " + reason + "\n";
  }
  if (report.error) out += "  error: " + *report.error + "\n";
  return out;
}

std::string format_failures(const FileReport& report) {
  std::string out;
  for (const EvalOutcome& eval : report.evals) {
    if (eval.status != EvalStatus::failed) continue;
    out += report.file + ":" + std::to_string(eval.line) + ": " + eval.expr + "\n";
    out += "    " + eval.variant + ": " + eval.detail + "\n";
  }
  return out;
}

}  // namespace vigil::promql::conformance
