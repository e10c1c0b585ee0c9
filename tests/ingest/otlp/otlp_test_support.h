#pragma once
// Helpers for the OTLP receiver's tests: requests written as OTLP/JSON, and
// the series they become printed one per line.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ingest/otlp/decode.h"
#include "ingest/otlp/translator.h"
#include "storage/appender.h"
#include "storage/sample.h"

namespace vigil::ingest::otlp::test {

// `series{labels} value @t`, value "stale" for the staleness marker.
inline std::string describe(const storage::SeriesSamples& s) {
  std::string out = s.labels.to_string();
  for (const auto& sample : s.samples) {
    out += ' ';
    if (storage::is_stale_nan(sample.v)) {
      out += "stale";
    } else if (std::isnan(sample.v)) {
      out += "NaN";
    } else {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", sample.v);
      out += buffer;
    }
    out += " @" + std::to_string(sample.t);
  }
  return out;
}

inline std::vector<std::string> describe(const std::vector<storage::SeriesSamples>& series) {
  std::vector<std::string> out;
  for (const auto& s : series) out.push_back(describe(s));
  return out;
}

inline ExportRequest parse_json(const std::string& json) {
  auto request = decode_request(json, Encoding::json);
  EXPECT_TRUE(request) << request.error().message;
  return request.value_or(ExportRequest{});
}

// One resource with `resource_attributes` (JSON array body) and one scope
// holding `metrics` (JSON array body).
inline std::string request_json(const std::string& metrics, const std::string& resource_attributes =
                                                                 R"({"key":"service.name","value":{"stringValue":"api"}})") {
  return R"({"resourceMetrics":[{"resource":{"attributes":[)" + resource_attributes +
         R"(]},"scopeMetrics":[{"scope":{"name":"lib","version":"1.2"},"metrics":[)" + metrics + "]}]}]}";
}

// Records what it was asked to append; fails when told to.
class RecordingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries /*invalid*/) override {
    if (fail) return std::unexpected(make_error(ErrorKind::io, "disk full"));
    storage::AppendOutcome outcome;
    for (uint32_t i = 0; i < batch.size(); ++i) {
      auto labels = storage::LabelSet::from(batch[i].labels);
      if (!labels) return std::unexpected(labels.error());
      if (!reject_metric.empty() && labels->metric_name() == reject_metric) {
        outcome.rejects.push_back({i, 0, storage::RejectReason::out_of_order});
        if (outcome.first_error.empty()) outcome.first_error = "out of order: " + labels->to_string();
        continue;
      }
      appended.push_back({std::move(*labels), {batch[i].samples.begin(), batch[i].samples.end()}});
      outcome.appended += batch[i].samples.size();
    }
    return outcome;
  }

  bool fail = false;
  std::string reject_metric;
  std::vector<storage::SeriesSamples> appended;
};

}  // namespace vigil::ingest::otlp::test
