#include "ingest/remote_write/receiver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <snappy.h>

#include "ingest/remote_write/write_request_encoder.h"
#include "storage/head/head.h"

namespace vigil::ingest::remote_write {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kV1ContentType = "application/x-protobuf";

storage::LabelSet labels(std::vector<storage::Label> l) { return *storage::LabelSet::from(std::move(l)); }

// Records what it was asked to append; fails when told to.
class RecordingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries invalid) override {
    ++calls;
    policy = invalid;
    if (fail) return std::unexpected(make_error(ErrorKind::io, "disk full"));
    storage::AppendOutcome outcome;
    for (const auto& s : batch) {
      appended.push_back({*storage::LabelSet::from(s.labels), {s.samples.begin(), s.samples.end()}});
      outcome.appended += s.samples.size();
    }
    return outcome;
  }

  int calls = 0;
  bool fail = false;
  storage::InvalidSeries policy = storage::InvalidSeries::reject_samples;
  std::vector<storage::SeriesSamples> appended;
};

std::string request(const std::vector<storage::SeriesSamples>& series) {
  WriteRequestEncoder encoder;
  for (const auto& s : series) encoder.add(WriteRequestEncoder::encode_labels(s.labels), s.samples);
  return encoder.take_compressed();
}

std::string compress(std::string_view bytes) {
  std::string out;
  snappy::Compress(bytes.data(), bytes.size(), &out);
  return out;
}

const std::vector<storage::SeriesSamples> kTwoSeries{
    {labels({{"__name__", "up"}, {"job", "a"}}), {{1000, 1}, {2000, 1}}},
    {labels({{"__name__", "up"}, {"job", "b"}}), {{1000, 0}}},
};

WriteOutcome receive(storage::Appender& appender, std::string_view body,
                     WriteRequestHeaders headers = {kV1ContentType, "snappy"}, ReceiverOptions options = {}) {
  return receive_write_request(appender, headers, body, options);
}

TEST(RemoteWriteReceiver, AppendsAValidRequestAndAnswers204) {
  RecordingAppender appender;
  auto outcome = receive(appender, request(kTwoSeries));
  EXPECT_EQ(outcome.status, 204u);
  EXPECT_EQ(outcome.message, "");
  EXPECT_EQ(outcome.counts.samples_received, 3u);
  EXPECT_EQ(outcome.counts.samples_appended, 3u);
  EXPECT_TRUE(outcome.counts.samples_rejected.empty());
  ASSERT_EQ(appender.appended.size(), 2u);
  EXPECT_EQ(appender.appended[1].labels.to_string(), R"(up{job="b"})");
  EXPECT_EQ(appender.policy, storage::InvalidSeries::refuse_batch);
}

TEST(RemoteWriteReceiver, AcceptsThe1_0HeaderVariants) {
  const std::string body = request(kTwoSeries);
  for (WriteRequestHeaders headers : std::vector<WriteRequestHeaders>{
           {"", ""},  // early senders set neither
           {"application/x-protobuf", ""},
           {"Application/X-Protobuf; proto=prometheus.WriteRequest", "Snappy"},
           {"application/x-protobuf;proto=\"prometheus.WriteRequest\"", "snappy"},
       }) {
    RecordingAppender appender;
    EXPECT_EQ(receive(appender, body, headers).status, 204u) << headers.content_type;
  }
}

TEST(RemoteWriteReceiver, AnEmptyRequestAppendsNothing) {
  RecordingAppender appender;
  EXPECT_EQ(receive(appender, compress("")).status, 204u);
  EXPECT_EQ(appender.calls, 0);
}

TEST(RemoteWriteReceiver, RefusesRemoteWrite2WithUnsupportedMediaType) {
  RecordingAppender appender;
  auto outcome =
      receive(appender, request(kTwoSeries), {"application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy"});
  EXPECT_EQ(outcome.status, 415u);
  EXPECT_THAT(outcome.message, HasSubstr("remote write 2.0"));
  EXPECT_THAT(outcome.message, HasSubstr("only remote write 1.0"));
  EXPECT_EQ(appender.calls, 0);
}

TEST(RemoteWriteReceiver, RefusesOtherContentTypesAndEncodings) {
  RecordingAppender appender;
  auto json = receive(appender, request(kTwoSeries), {"application/json", "snappy"});
  EXPECT_EQ(json.status, 415u);
  EXPECT_THAT(json.message, HasSubstr("unsupported Content-Type \"application/json\""));
  auto gzip = receive(appender, request(kTwoSeries), {kV1ContentType, "gzip"});
  EXPECT_EQ(gzip.status, 415u);
  EXPECT_THAT(gzip.message, HasSubstr("unsupported Content-Encoding \"gzip\""));
  EXPECT_EQ(appender.calls, 0);
}

TEST(RemoteWriteReceiver, RefusesBadSnappy) {
  RecordingAppender appender;
  auto header = receive(appender, "\xff\xff\xff\xff\xff\xff");
  EXPECT_EQ(header.status, 400u);
  EXPECT_THAT(header.message, HasSubstr("not snappy block format"));
  std::string corrupt = request(kTwoSeries);
  corrupt.resize(corrupt.size() / 2);
  auto body = receive(appender, corrupt);
  EXPECT_EQ(body.status, 400u);
  EXPECT_THAT(body.message, HasSubstr("not snappy block format: corrupt compressed data"));
  EXPECT_EQ(appender.calls, 0);
}

TEST(RemoteWriteReceiver, RefusesABodyThatDecompressesPastTheLimit) {
  RecordingAppender appender;
  const std::string body = request(kTwoSeries);
  size_t length = 0;
  ASSERT_TRUE(snappy::GetUncompressedLength(body.data(), body.size(), &length));
  ReceiverOptions options;
  options.max_decompressed_bytes = length - 1;
  auto outcome = receive(appender, body, {kV1ContentType, "snappy"}, options);
  EXPECT_EQ(outcome.status, 413u);
  EXPECT_EQ(outcome.message, "body decompresses to " + std::to_string(length) + " bytes, more than the limit of " +
                                 std::to_string(length - 1));
  options.max_decompressed_bytes = length;
  EXPECT_EQ(receive(appender, body, {kV1ContentType, "snappy"}, options).status, 204u);
}

TEST(RemoteWriteReceiver, AnInvalidSeriesRefusesTheWholeRequest) {
  RecordingAppender appender;
  WriteRequestEncoder first;
  first.add(WriteRequestEncoder::encode_labels(kTwoSeries[0].labels), kTwoSeries[0].samples);
  // The encoder writes what it is given; a set without __name__ is invalid for remote write.
  auto outcome = receive(appender, request({kTwoSeries[0], {labels({{"job", "c"}}), {{1000, 1}}}}));
  EXPECT_EQ(outcome.status, 400u);
  // The second TimeSeries' content starts after its tag and one-byte length.
  EXPECT_EQ(
      outcome.message,
      "invalid remote write request: timeseries 1: series {job=\"c\"} has no metric name (label __name__) at byte " +
          std::to_string(first.take().size() + 2));
  EXPECT_EQ(appender.calls, 0);  // nothing half-written
  EXPECT_EQ(outcome.counts.samples_received, 0u);
}

// Label syntax and limits are storage's to check, for new series only; a
// request with one invalid series still stores nothing.
TEST(RemoteWriteReceiver, InvalidLabelsOfANewSeriesRefuseTheWholeRequest) {
  storage::head::Head head(storage::head::HeadOptions{});
  for (const auto& [bad, problem] : std::vector<std::pair<storage::Label, std::string>>{
           {{"1bad", "x"}, "label \"1bad\": invalid label name"},
           {{"job", "caf\xc3"}, "label \"job\": value is not valid UTF-8"},
           {{"__meta_x", "x"}, "reserved"},
           {{"__name__", "9up"}, "label \"__name__\": invalid metric name"}}) {
    std::vector<storage::Label> bad_labels{bad};
    if (bad.name != "__name__") bad_labels.push_back({"__name__", "up"});
    auto outcome = receive(head, request({kTwoSeries[0], {labels(bad_labels), {{1000, 1}}}}));
    EXPECT_EQ(outcome.status, 400u);
    EXPECT_THAT(outcome.message, HasSubstr("invalid remote write request: series "));
    EXPECT_THAT(outcome.message, HasSubstr(problem));
    EXPECT_EQ(head.find(kTwoSeries[0].labels), nullptr) << "nothing half-written";
  }
}

// Passes batches to a head, noting the refs the receiver sent.
class RefNotingAppender final : public storage::Appender {
 public:
  explicit RefNotingAppender(storage::head::Head& head) : head_(head) {}
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries invalid) override {
    for (const auto& s : batch) refs.push_back(s.ref);
    return head_.append_views(batch, invalid);
  }
  std::vector<uint64_t> refs;

 private:
  storage::head::Head& head_;
};

std::vector<storage::SeriesSamples> two_series_at(int64_t t) {
  return {{labels({{"__name__", "up"}, {"job", "a"}}), {{t, 1}}},
          {labels({{"__name__", "up"}, {"job", "b"}}), {{t, 0}}}};
}

TEST(RemoteWriteReceiver, SeriesSeenBeforeAreAppendedByRef) {
  storage::head::Head head(storage::head::HeadOptions{});
  RefNotingAppender appender(head);
  SeriesRefCache cache(1 << 20);
  ReceiverOptions options;
  options.series_refs = &cache;
  const WriteRequestHeaders headers{kV1ContentType, "snappy"};
  auto samples_of = [&](const storage::LabelSet& l) {
    const auto* s = head.find(l);
    return s == nullptr ? 0u : head.samples(s->ref(), 0, INT64_MAX).size();
  };

  EXPECT_EQ(receive(appender, request(two_series_at(1000)), headers, options).status, 204u);
  EXPECT_EQ(appender.refs, (std::vector<uint64_t>{0, 0}));
  appender.refs.clear();
  EXPECT_EQ(receive(appender, request(two_series_at(2000)), headers, options).status, 204u);
  ASSERT_EQ(appender.refs.size(), 2u);
  EXPECT_EQ(appender.refs[0], head.find(two_series_at(0)[0].labels)->ref());
  EXPECT_EQ(appender.refs[1], head.find(two_series_at(0)[1].labels)->ref());
  EXPECT_EQ(samples_of(two_series_at(0)[0].labels), 2u);

  // The series leave the head (idle through a truncation): their refs are
  // unknown now, and the request still goes in, by labels, under new refs.
  head.truncate_before(INT64_MAX);
  appender.refs.clear();
  auto outcome = receive(appender, request(two_series_at(3000)), headers, options);
  EXPECT_EQ(outcome.status, 204u) << outcome.message;
  EXPECT_EQ(outcome.counts.samples_appended, 2u);
  EXPECT_EQ(samples_of(two_series_at(0)[0].labels), 1u);
  EXPECT_EQ(samples_of(two_series_at(0)[1].labels), 1u);

  // The cache learned the new refs.
  appender.refs.clear();
  EXPECT_EQ(receive(appender, request(two_series_at(4000)), headers, options).status, 204u);
  EXPECT_EQ(appender.refs[0], head.find(two_series_at(0)[0].labels)->ref());
  EXPECT_EQ(samples_of(two_series_at(0)[0].labels), 2u);
}

TEST(RemoteWriteReceiver, UndecodableProtobufIs400) {
  RecordingAppender appender;
  auto outcome = receive(appender, compress("\x0a\x05\x0a"));
  EXPECT_EQ(outcome.status, 400u);
  EXPECT_EQ(
      outcome.message,
      "invalid remote write request: length 5 runs past the end of the enclosing message (1 bytes left) at byte 1");
}

TEST(RemoteWriteReceiver, AStorageFailureIs500SoTheSenderRetries) {
  RecordingAppender appender;
  appender.fail = true;
  auto outcome = receive(appender, request(kTwoSeries));
  EXPECT_EQ(outcome.status, 500u);
  EXPECT_EQ(outcome.message, "storage: disk full");
  EXPECT_EQ(outcome.counts.samples_received, 3u);
  EXPECT_EQ(outcome.counts.samples_appended, 0u);
}

TEST(RemoteWriteReceiver, PerSampleRejectsAre400WithTheGoodSamplesKept) {
  storage::head::HeadOptions head_options;
  head_options.out_of_order_window_ms = 0;
  storage::head::Head head(head_options);
  ASSERT_EQ(receive(head, request({{labels({{"__name__", "up"}, {"job", "a"}}), {{5000, 1}}}})).status, 204u);

  // job="a" goes back in time; job="b" is new and fine.
  auto outcome = receive(head, request(kTwoSeries));
  EXPECT_EQ(outcome.status, 400u);
  EXPECT_EQ(outcome.message,
            "series up{job=\"a\"}: timestamp 1000 is older than the out-of-order window allows (newest 5000) "
            "(2 of 3 samples refused, the others stored)");
  EXPECT_EQ(outcome.counts.samples_received, 3u);
  EXPECT_EQ(outcome.counts.samples_appended, 1u);
  EXPECT_EQ(outcome.counts.samples_rejected.at(storage::RejectReason::out_of_order), 2u);
  const storage::head::MemorySeries* b = head.find(labels({{"__name__", "up"}, {"job", "b"}}));
  ASSERT_NE(b, nullptr);
}

}  // namespace
}  // namespace vigil::ingest::remote_write
