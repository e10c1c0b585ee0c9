#include "export/otlp/otlp_name.h"

#include <gtest/gtest.h>

namespace vigil::exporter::otlp {
namespace {

using metrics::MetricType;

OtlpName name_of(std::string name, MetricType type, std::string unit = {}) {
  return otlp_name(metrics::MetricFamily{std::move(name), "help", std::move(unit), type, {}});
}

TEST(OtlpNameTest, CountersLoseTotalWhichReceiversAppend) {
  EXPECT_EQ(name_of("requests_total", MetricType::counter).name, "requests");
  EXPECT_EQ(name_of("requests_total", MetricType::gauge).name, "requests_total");
  EXPECT_EQ(name_of("queue_depth", MetricType::gauge).name, "queue_depth");
  EXPECT_EQ(name_of("latency", MetricType::histogram).name, "latency");
}

TEST(OtlpNameTest, UnitWordsInTheNameBecomeUcum) {
  EXPECT_EQ(name_of("request_duration_seconds", MetricType::histogram, "seconds").unit, "s");
  EXPECT_EQ(name_of("cpu_seconds_total", MetricType::counter, "seconds").unit, "s");
  EXPECT_EQ(name_of("sent_bytes_total", MetricType::counter, "bytes").unit, "By");
  EXPECT_EQ(name_of("temperature_celsius", MetricType::gauge, "celsius").unit, "Cel");
  EXPECT_EQ(name_of("cache_hit_ratio", MetricType::gauge, "ratio").unit, "1");
  EXPECT_EQ(name_of("jobs_ratio_total", MetricType::counter, "ratio").unit, "1");
  EXPECT_EQ(name_of("plain", MetricType::gauge).unit, "");
}

TEST(OtlpNameTest, OtherUnitsAreAnnotationsThatAddNoSuffix) {
  // Not UCUM, or not in the name: a receiver would append the words.
  EXPECT_EQ(name_of("latency", MetricType::gauge, "seconds").unit, "{seconds}");
  EXPECT_EQ(name_of("queue_requests", MetricType::gauge, "requests").unit, "{requests}");
  EXPECT_EQ(name_of("rate_bytes_per_second", MetricType::gauge, "bytes_per_second").unit, "{bytes_per_second}");
  // A gauge of unit "1" gets "_ratio" moved to the end by receivers.
  EXPECT_EQ(name_of("ratio_of_hits", MetricType::gauge, "ratio").unit, "{ratio}");
}

}  // namespace
}  // namespace vigil::exporter::otlp
