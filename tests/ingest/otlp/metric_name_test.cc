#include "ingest/otlp/metric_name.h"

#include <gtest/gtest.h>

namespace vigil::ingest::otlp {
namespace {

struct NameCase {
  const char* name;
  const char* unit;
  MetricKind kind;
  const char* expected;
};

class OtlpMetricName : public ::testing::TestWithParam<NameCase> {};

TEST_P(OtlpMetricName, FollowsPrometheus) {
  const NameCase& c = GetParam();
  EXPECT_EQ(prometheus_metric_name(c.name, c.unit, c.kind), c.expected) << c.name << " [" << c.unit << "]";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, OtlpMetricName,
    ::testing::Values(
        // dots and other invalid characters split words; runs collapse
        NameCase{"http.server.request.duration", "s", MetricKind::histogram, "http_server_request_duration_seconds"},
        NameCase{"a..b--c", "", MetricKind::gauge, "a_b_c"}, NameCase{"__a__", "", MetricKind::gauge, "a"},
        NameCase{"name:with:colons", "", MetricKind::gauge, "name:with:colons"},
        NameCase{"日本.requests", "", MetricKind::gauge, "requests"},
        // _total for monotonic sums only, moved to the end
        NameCase{"requests", "", MetricKind::monotonic_counter, "requests_total"},
        NameCase{"requests.total", "", MetricKind::monotonic_counter, "requests_total"},
        NameCase{"total.requests", "", MetricKind::monotonic_counter, "requests_total"},
        NameCase{"queue.size", "", MetricKind::non_monotonic_sum, "queue_size"},
        NameCase{"requests_total", "", MetricKind::gauge, "requests_total"},
        // unit words, not repeated when the name has them
        NameCase{"process.cpu.time", "s", MetricKind::monotonic_counter, "process_cpu_time_seconds_total"},
        NameCase{"process.cpu.seconds", "s", MetricKind::monotonic_counter, "process_cpu_seconds_total"},
        NameCase{"mem", "By", MetricKind::gauge, "mem_bytes"}, NameCase{"mem", "KiBy", MetricKind::gauge, "mem_kibibytes"},
        NameCase{"mem", "MiBy", MetricKind::gauge, "mem_mebibytes"},
        NameCase{"mem", "GBy", MetricKind::gauge, "mem_gigabytes"},
        NameCase{"latency", "ms", MetricKind::histogram, "latency_milliseconds"},
        NameCase{"latency", "us", MetricKind::histogram, "latency_microseconds"},
        NameCase{"latency", "ns", MetricKind::histogram, "latency_nanoseconds"},
        NameCase{"uptime", "min", MetricKind::gauge, "uptime_minutes"},
        NameCase{"uptime", "h", MetricKind::gauge, "uptime_hours"}, NameCase{"age", "d", MetricKind::gauge, "age_days"},
        NameCase{"temp", "Cel", MetricKind::gauge, "temp_celsius"}, NameCase{"f", "Hz", MetricKind::gauge, "f_hertz"},
        NameCase{"cpu", "%", MetricKind::gauge, "cpu_percent"}, NameCase{"d", "m", MetricKind::gauge, "d_meters"},
        NameCase{"p", "W", MetricKind::gauge, "p_watts"}, NameCase{"u", "V", MetricKind::gauge, "u_volts"},
        NameCase{"i", "A", MetricKind::gauge, "i_amperes"}, NameCase{"e", "J", MetricKind::gauge, "e_joules"},
        NameCase{"w", "g", MetricKind::gauge, "w_grams"},
        // a unit not in the table is used as written, cleaned
        NameCase{"jobs", "widgets", MetricKind::gauge, "jobs_widgets"},
        NameCase{"jobs", "my.unit", MetricKind::gauge, "jobs_my_unit"},
        // a/b -> a_per_b, the per unit singular
        NameCase{"throughput", "By/s", MetricKind::gauge, "throughput_bytes_per_second"},
        NameCase{"rate", "1/s", MetricKind::gauge, "rate_per_second"},
        NameCase{"rate", "{request}/min", MetricKind::gauge, "rate_per_min"},
        NameCase{"rate", "{request}/h", MetricKind::gauge, "rate_per_hour"},
        NameCase{"speed", "m/s", MetricKind::gauge, "speed_meters_per_second"},
        NameCase{"x", "By/mo", MetricKind::gauge, "x_bytes_per_month"},
        NameCase{"x", "By/y", MetricKind::gauge, "x_bytes_per_year"},
        NameCase{"x", "By/w", MetricKind::gauge, "x_bytes_per_week"},
        NameCase{"x", "By/d", MetricKind::gauge, "x_bytes_per_day"},
        // {annotations} are dropped
        NameCase{"requests", "{request}", MetricKind::monotonic_counter, "requests_total"},
        NameCase{"queue", "{item}", MetricKind::gauge, "queue"},
        // "1": _ratio for gauges only; nothing for others
        NameCase{"cpu.utilization", "1", MetricKind::gauge, "cpu_utilization_ratio"},
        NameCase{"hit.ratio", "1", MetricKind::gauge, "hit_ratio"},
        NameCase{"ratio.hit", "1", MetricKind::gauge, "hit_ratio"},
        NameCase{"errors", "1", MetricKind::monotonic_counter, "errors_total"},
        NameCase{"size", "1", MetricKind::histogram, "size"},
        // with a unit and a counter, the unit comes before _total
        NameCase{"io", "By", MetricKind::monotonic_counter, "io_bytes_total"},
        NameCase{"io.total", "By", MetricKind::monotonic_counter, "io_bytes_total"},
        // a leading digit gets an underscore
        NameCase{"2xx.count", "", MetricKind::gauge, "_2xx_count"},
        // nothing valid left
        NameCase{"...", "", MetricKind::gauge, ""}, NameCase{"", "", MetricKind::gauge, ""}));

TEST(OtlpUnitSuffix, Words) {
  EXPECT_EQ(unit_suffix("s"), "seconds");
  EXPECT_EQ(unit_suffix("By/s"), "bytes_per_second");
  EXPECT_EQ(unit_suffix("{request}"), "");
  EXPECT_EQ(unit_suffix("1"), "");
  EXPECT_EQ(unit_suffix(" ms "), "milliseconds");
  EXPECT_EQ(unit_suffix("/s"), "per_second");
}

}  // namespace
}  // namespace vigil::ingest::otlp
