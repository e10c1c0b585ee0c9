// POST /api/v1/write on the real binary: what it acknowledges is in storage
// after a restart (read back with `vigil tsdb dump`), what it refuses is not.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "ingest/remote_write/write_request_encoder.h"
#include "support/http_client.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using ingest::remote_write::WriteRequestEncoder;
using ::testing::HasSubstr;

constexpr int64_t kT0 = 1'700'000'000'000;

std::string write_request(
    const std::vector<std::pair<std::vector<storage::Label>, std::vector<storage::Sample>>>& series) {
  WriteRequestEncoder encoder;
  for (const auto& [labels, samples] : series) {
    // The encoder writes the labels as given, so a test can send an invalid set.
    std::string encoded;
    for (const auto& l : labels) encoded += WriteRequestEncoder::encode_labels(*storage::LabelSet::from({l}));
    encoder.add(encoded, samples);
  }
  return encoder.take_compressed();
}

TEST(RemoteWrite, AcknowledgedSamplesAreStoredAndRefusedRequestsLeaveNothing) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  auto ok = post_remote_write(vigil.port(),
                              write_request({{{{"__name__", "up"}, {"job", "api"}}, {{kT0, 1}, {kT0 + 15'000, 0}}},
                                             {{{"__name__", "queue_depth"}}, {{kT0, 42.5}}}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 204) << ok->body;
  EXPECT_EQ(ok->body, "");

  // A valid series next to an invalid one: the whole request is refused.
  auto bad = post_remote_write(
      vigil.port(), write_request({{{{"__name__", "refused"}}, {{kT0, 1}}}, {{{"job", "no_name"}}, {{kT0, 1}}}}));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->header("content-type"), "text/plain; charset=utf-8");
  EXPECT_THAT(bad->body, HasSubstr("timeseries 1: series {job=\"no_name\"} has no metric name"));
  auto bad_label = post_remote_write(vigil.port(), write_request({{{{"__name__", "refused"}}, {{kT0, 1}}},
                                                                  {{{"__name__", "up"}, {"1bad", "x"}}, {{kT0, 1}}}}));
  ASSERT_TRUE(bad_label);
  EXPECT_EQ(bad_label->status, 400);
  EXPECT_THAT(bad_label->body, HasSubstr("series up{1bad=\"x\"}: label \"1bad\": invalid label name"));

  // Going back in time on one series: the rest of the request is kept.
  auto late =
      post_remote_write(vigil.port(), write_request({{{{"__name__", "up"}, {"job", "api"}}, {{kT0 - 3'600'000, 1}}},
                                                     {{{"__name__", "queue_depth"}}, {{kT0 + 15'000, 40}}}}));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 400);
  EXPECT_THAT(late->body, HasSubstr("up{job=\"api\"}"));

  auto empty = post_remote_write(vigil.port(), "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400) << "an empty body is not snappy";

  auto metrics = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("vigil_remote_write_samples_received_total 5\n"));
  EXPECT_THAT(metrics->body, HasSubstr("vigil_remote_write_samples_appended_total 4\n"));
  EXPECT_THAT(metrics->body, HasSubstr("vigil_remote_write_samples_rejected_total{reason=\"out_of_order\"} 1\n"));

  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  EXPECT_EQ(dump.out,
            "{__name__=\"queue_depth\"} 42.5 1700000000000\n"
            "{__name__=\"queue_depth\"} 40 1700000015000\n"
            "{__name__=\"up\", job=\"api\"} 1 1700000000000\n"
            "{__name__=\"up\", job=\"api\"} 0 1700000015000\n");
}

// Cardinality protection: a metric over storage.limits.max_series_per_metric
// gets no new series; its existing ones and other metrics keep working.
TEST(RemoteWrite, SeriesLimitPerMetric) {
  TempDir dir;
  const std::string config = dir.write("vigil.yml", "storage:\n  limits:\n    max_series_per_metric: 1\n");
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto res = post_remote_write(vigil.port(), write_request({{{{"__name__", "m"}, {"pod", "a"}}, {{kT0, 1}}},
                                                            {{{"__name__", "m"}, {"pod", "b"}}, {{kT0, 1}}},
                                                            {{{"__name__", "other"}}, {{kT0, 1}}}}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_THAT(res->body, HasSubstr("metric \"m\" has reached the limit of 1 series"));
  auto again = post_remote_write(vigil.port(), write_request({{{{"__name__", "m"}, {"pod", "a"}}, {{kT0 + 1000, 2}}}}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 204) << again->body;
  auto metrics = http_get(vigil.port(), "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("vigil_remote_write_samples_rejected_total{reason=\"series_limit\"} 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("vigil_ingest_rejected_samples_total{reason=\"series_limit\"} 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("vigil_ingest_rejected_samples_total{reason=\"out_of_order\"} 0\n"));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  auto dump = run_vigil({"tsdb", "dump", vigil.data_dir()});
  EXPECT_EQ(dump.out,
            "{__name__=\"m\", pod=\"a\"} 1 1700000000000\n"
            "{__name__=\"m\", pod=\"a\"} 2 1700000001000\n"
            "{__name__=\"other\"} 1 1700000000000\n");
}

TEST(RemoteWrite, RefusesRemoteWrite2) {
  VigilProcess vigil;
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  HttpCall call;
  call.method = "POST";
  call.target = "/api/v1/write";
  call.headers = {{"Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request"},
                  {"Content-Encoding", "snappy"},
                  {"X-Prometheus-Remote-Write-Version", "2.0.0"}};
  call.body = write_request({{{{"__name__", "up"}}, {{kT0, 1}}}});
  auto res = http_request(vigil.port(), call);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  EXPECT_THAT(res->body, HasSubstr("only remote write 1.0"));
}

}  // namespace
}  // namespace vigil::testing
