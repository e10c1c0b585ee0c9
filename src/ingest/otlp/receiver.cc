#include "ingest/otlp/receiver.h"

#include <set>

namespace vigil::ingest::otlp {
namespace {

std::string partial_success_message(const Translation& translation, uint64_t rejected,
                                    const std::string& storage_problem) {
  std::vector<std::string> problems = translation.problems;
  uint64_t count = translation.problem_count;
  if (!storage_problem.empty()) {
    problems.insert(problems.begin(), storage_problem);
    ++count;
  }
  if (problems.empty()) return {};
  std::string message = std::to_string(rejected) + " of " + std::to_string(translation.data_points) +
                        " data points rejected: ";
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0) message += "; ";
    message += problems[i];
  }
  if (count > problems.size()) message += "; and " + std::to_string(count - problems.size()) + " more problems";
  return message;
}

}  // namespace

MetricsReceiver::MetricsReceiver(storage::Appender& appender, DeltaConverter& deltas, TranslateOptions options,
                                 metrics::Registry& registry)
    : appender_(appender),
      deltas_(deltas),
      options_(options),
      received_(registry
                    .counter("vigil_otlp_data_points_received_total",
                             "OTLP metric data points in requests that decoded.")
                    .with({})),
      rejected_(registry
                    .counter("vigil_otlp_data_points_rejected_total",
                             "OTLP metric data points rejected (reported to the sender as partial success).")
                    .with({})) {}

Result<ExportOutcome> MetricsReceiver::receive(std::string_view body, Encoding encoding) {
  auto request = decode_request(body, encoding);
  if (!request) return std::unexpected(request.error());
  return receive(*request);
}

Result<ExportOutcome> MetricsReceiver::receive(const ExportRequest& request) {
  Translation translation = translate(request, options_, deltas_);
  ExportOutcome outcome;
  outcome.data_points = translation.data_points;
  received_.inc(static_cast<double>(translation.data_points));

  std::string storage_problem;
  uint64_t refused_by_storage = 0;
  if (!translation.series.empty()) {
    auto appended = appender_.append(translation.series);
    if (!appended) {
      deltas_.rollback(translation.delta_changes);
      return std::unexpected(make_error(ErrorKind::unavailable, "storage: " + appended.error().message));
    }
    outcome.samples_appended = appended->appended;
    // A point counts as rejected once, however many of its series storage refused.
    std::set<uint32_t> points;
    bool target_info_refused = false;
    for (const storage::SampleReject& reject : appended->rejects) {
      const uint32_t point = translation.point_of_series[reject.series_index];
      if (point == kNoDataPoint) {
        target_info_refused = true;
      } else {
        points.insert(point);
      }
    }
    refused_by_storage = points.size();
    if (!appended->rejects.empty()) {
      storage_problem = "storage refused " + std::to_string(appended->rejects.size()) + " samples";
      if (target_info_refused && points.empty()) storage_problem += " of target_info";
      storage_problem += ": " + appended->first_error;
    }
  }
  outcome.rejected_points = translation.rejected_points + refused_by_storage;
  outcome.message = partial_success_message(translation, outcome.rejected_points, storage_problem);
  rejected_.inc(static_cast<double>(outcome.rejected_points));
  return outcome;
}

}  // namespace vigil::ingest::otlp
