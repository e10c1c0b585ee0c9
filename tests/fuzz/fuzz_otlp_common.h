#pragma once
// What both OTLP fuzzers do with their input; see fuzz_otlp_protobuf.cc.

#include <cstdlib>
#include <string_view>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/http_export.h"
#include "ingest/otlp/receiver.h"

namespace vigil::fuzz {

class AcceptingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries /*invalid*/) override {
    storage::AppendOutcome outcome;
    for (const auto& s : batch) outcome.appended += s.samples.size();
    return outcome;
  }
};

inline void exercise_otlp(std::string_view input, ingest::otlp::Encoding encoding) {
  using namespace ingest::otlp;
  static AcceptingAppender appender;
  static DeltaConverter deltas({.max_streams = 1000});
  static metrics::Registry registry;
  static MetricsReceiver receiver(appender, deltas, {}, registry);

  const bool decodes = decode_request(input, encoding).has_value();
  auto outcome = receiver.receive(input, encoding);
  if (outcome.has_value() != decodes) std::abort();
  if (outcome && outcome->rejected_points > outcome->data_points) std::abort();

  const std::string_view content_type =
      encoding == Encoding::protobuf ? "application/x-protobuf" : "application/json";
  auto answer = export_over_http(receiver, {content_type, "", input}, 1 << 20);
  if (answer.status != (decodes ? 200u : 400u)) std::abort();
}

}  // namespace vigil::fuzz
