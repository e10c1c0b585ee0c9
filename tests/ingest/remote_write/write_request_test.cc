#include "ingest/remote_write/write_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "ingest/remote_write/protobuf_wire.h"
#include "ingest/remote_write/write_request_encoder.h"

namespace vigil::ingest::remote_write {
namespace {

using protobuf::put_len;
using protobuf::put_tag;
using protobuf::put_varint;
using protobuf::WireType;
using ::testing::HasSubstr;

storage::LabelSet labels(std::vector<storage::Label> l) { return *storage::LabelSet::from(std::move(l)); }

// Hand-built pieces for what the encoder never writes: unsorted or duplicate
// labels, unknown fields, exemplars, histograms.
std::string label(std::string_view name, std::string_view value) {
  std::string body, field;
  put_len(body, 1, name);
  put_len(body, 2, value);
  put_len(field, 1, body);
  return field;
}
std::string sample(double v, int64_t t) {
  std::string body, field;
  protobuf::put_double(body, 1, v);
  protobuf::put_int64(body, 2, t);
  put_len(field, 2, body);
  return field;
}
std::string series(std::string_view fields) {
  std::string out;
  put_len(out, 1, fields);
  return out;
}

// Owned copies of the decoded series, to compare with LabelSets.
Result<std::vector<storage::SeriesSamples>> decode(std::string_view message) {
  DecodedWriteRequest decoded;
  if (auto ok = decode_write_request(message, storage::LabelLimits{}, nullptr, decoded); !ok)
    return std::unexpected(ok.error());
  std::vector<storage::SeriesSamples> out;
  for (const storage::SeriesView& s : decoded.series()) {
    out.push_back({*storage::LabelSet::from(s.labels), {s.samples.begin(), s.samples.end()}});
  }
  return out;
}

std::string error_of(std::string_view message) {
  auto decoded = decode(message);
  if (decoded) return "(decoded)";
  EXPECT_EQ(decoded.error().kind, ErrorKind::invalid_argument);
  return decoded.error().message;
}

TEST(WriteRequest, RoundTripsWhatTheEncoderWrites) {
  WriteRequestEncoder encoder;
  const auto up = labels({{"__name__", "up"}, {"job", "api"}, {"instance", "a:9090"}});
  const auto temp = labels({{"__name__", "temperature_celsius"}});
  const std::vector<storage::Sample> up_samples{{1'700'000'000'000, 1}, {1'700'000'015'000, 0}};
  const std::vector<storage::Sample> temp_samples{{-5, -273.15},
                                                  {0, std::numeric_limits<double>::infinity()},
                                                  {std::numeric_limits<int64_t>::max(), storage::stale_nan()}};
  encoder.add(WriteRequestEncoder::encode_labels(up), up_samples);
  encoder.add(WriteRequestEncoder::encode_labels(temp), temp_samples);
  EXPECT_EQ(encoder.samples(), 5u);

  auto decoded = decode(encoder.take());
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[0].labels, up);
  EXPECT_EQ((*decoded)[1].labels, temp);
  ASSERT_EQ((*decoded)[0].samples.size(), 2u);
  EXPECT_EQ((*decoded)[0].samples[1].t, 1'700'000'015'000);
  EXPECT_EQ((*decoded)[0].samples[1].v, 0.0);
  ASSERT_EQ((*decoded)[1].samples.size(), 3u);
  EXPECT_EQ((*decoded)[1].samples[0].t, -5);
  EXPECT_EQ((*decoded)[1].samples[0].v, -273.15);
  EXPECT_TRUE(std::isinf((*decoded)[1].samples[1].v));
  EXPECT_EQ((*decoded)[1].samples[2].t, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(storage::is_stale_nan((*decoded)[1].samples[2].v));
  EXPECT_EQ(encoder.samples(), 0u);
}

TEST(WriteRequest, EmptyRequestHasNoSeries) {
  auto decoded = decode("");
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->empty());
}

TEST(WriteRequest, SortsLabelsAndDropsEmptyValues) {
  auto decoded = decode(
      series(label("zone", "eu") + label("__name__", "up") + label("empty", "") + label("job", "a") + sample(1, 10)));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ((*decoded)[0].labels.to_string(), R"(up{job="a", zone="eu"})");
}

TEST(WriteRequest, MissingSampleFieldsAreProto3Defaults) {
  std::string empty_sample;
  put_len(empty_sample, 2, "");
  auto decoded = decode(series(label("__name__", "up") + empty_sample));
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ((*decoded)[0].samples.size(), 1u);
  EXPECT_EQ((*decoded)[0].samples[0].t, 0);
  EXPECT_EQ((*decoded)[0].samples[0].v, 0.0);
}

TEST(WriteRequest, LastValueOfARepeatedScalarWins) {
  std::string body, field;
  put_len(body, 1, "__name__");
  put_len(body, 2, "first");
  put_len(body, 2, "second");
  put_len(field, 1, body);
  auto decoded = decode(series(field));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ((*decoded)[0].labels.metric_name(), "second");
}

// Every wire type, at every level, in a field this decoder does not know.
std::string unknown_fields() {
  std::string out;
  put_tag(out, 100, WireType::varint);
  put_varint(out, 1ULL << 63);
  put_tag(out, 101, WireType::i64);
  out.append(8, '\xff');
  put_len(out, 102, "anything");
  put_tag(out, 103, WireType::i32);
  out.append(4, '\x01');
  put_tag(out, 104, WireType::sgroup);
  put_tag(out, 105, WireType::sgroup);  // nested group
  put_tag(out, 1, WireType::varint);
  put_varint(out, 7);
  put_tag(out, 105, WireType::egroup);
  put_len(out, 2, "x");
  put_tag(out, 104, WireType::egroup);
  return out;
}

TEST(WriteRequest, SkipsUnknownFieldsOfEveryWireType) {
  std::string name_label;
  {
    std::string body = unknown_fields();
    put_len(body, 1, "__name__");
    body += unknown_fields();
    put_len(body, 2, "up");
    put_len(name_label, 1, body);
  }
  std::string sample_field;
  {
    std::string body = unknown_fields();
    protobuf::put_double(body, 1, 2.5);
    body += unknown_fields();
    protobuf::put_int64(body, 2, 42);
    put_len(sample_field, 2, body);
  }
  auto decoded = decode(unknown_fields() + series(unknown_fields() + name_label + sample_field + unknown_fields()) +
                        unknown_fields());
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].labels.to_string(), "up");
  ASSERT_EQ((*decoded)[0].samples.size(), 1u);
  EXPECT_EQ((*decoded)[0].samples[0].t, 42);
  EXPECT_EQ((*decoded)[0].samples[0].v, 2.5);
}

TEST(WriteRequest, SkipsExemplarsAndMetadata) {
  std::string exemplar, metadata;
  put_len(exemplar, 3, label("trace_id", "abc") + sample(1, 5));
  put_len(metadata, 3, "\x08\x01\x12\x02up");  // MetricMetadata{type: COUNTER, metric_family_name: "up"}
  auto decoded = decode(metadata + series(label("__name__", "up") + exemplar + sample(1, 10)) + metadata);
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ((*decoded)[0].samples.size(), 1u);
}

TEST(WriteRequest, RefusesNativeHistograms) {
  std::string histogram;
  put_len(histogram, 4, "\x08\x01");
  const std::string request = series(label("__name__", "up")) + series(label("__name__", "h") + histogram);
  EXPECT_THAT(error_of(request), HasSubstr("timeseries 1: native histograms are not supported at byte"));
}

TEST(WriteRequest, EveryTruncationIsAnError) {
  WriteRequestEncoder encoder;
  encoder.add(WriteRequestEncoder::encode_labels(labels({{"__name__", "up"}, {"job", "a"}})),
              std::vector<storage::Sample>{{-1, 1}, {1'700'000'000'000, 0.5}});
  const std::string request = encoder.take();
  // One TimeSeries: any non-empty strict prefix cuts into it.
  for (size_t n = 1; n < request.size(); ++n) {
    EXPECT_FALSE(decode(std::string_view(request).substr(0, n))) << "prefix of " << n << " bytes";
  }
  EXPECT_TRUE(decode(request));
}

TEST(WriteRequest, WireErrorsNameTheByte) {
  EXPECT_EQ(error_of("\x08\x01"),
            "field 1 (WriteRequest.timeseries) has wire type varint, expected length-delimited at byte 0");
  EXPECT_EQ(error_of("\x0a\x05\x0a"), "length 5 runs past the end of the enclosing message (1 bytes left) at byte 1");
  EXPECT_EQ(error_of(std::string("\x28") + std::string(10, '\x80') + "\x01"), "varint longer than 64 bits at byte 1");
  EXPECT_EQ(error_of("\x28\x80"), "truncated varint at byte 1");
  EXPECT_EQ(error_of(std::string("\x00\x00", 2)), "invalid field number 0 at byte 0");
  EXPECT_EQ(error_of("\x0f"), "field 1: invalid wire type 7 at byte 0");
  EXPECT_EQ(error_of("\x2c"), "field 5: end group without a start at byte 0");
  EXPECT_EQ(error_of("\x2b\x08\x01"), "group of field 5 has no end before the message ends at byte 3");
  EXPECT_EQ(error_of("\x2b\x34"), "end of group 6 inside group 5 at byte 1");
  EXPECT_EQ(error_of("\x29\x01\x02"), "truncated 64-bit value at byte 1");
  EXPECT_EQ(error_of("\x2d\x01"), "truncated 32-bit value at byte 1");
}

TEST(WriteRequest, NestedErrorsNameTheSeriesAndTheAbsoluteByte) {
  std::string bad_sample;
  put_tag(bad_sample, 2, WireType::len);
  put_varint(bad_sample, 2);
  bad_sample += std::string("\x09\x00", 2);  // Sample.value cut after one of its eight bytes
  const std::string first = series(label("__name__", "up") + sample(1, 1));
  const std::string second = series(label("__name__", "up") + bad_sample);
  EXPECT_EQ(error_of(first + second),
            "timeseries 1: truncated 64-bit value at byte " + std::to_string(first.size() + second.size() - 1));
  std::string wrong_type;
  put_tag(wrong_type, 2, WireType::varint);
  put_varint(wrong_type, 1);
  EXPECT_THAT(error_of(series(wrong_type)),
              HasSubstr("timeseries 0: field 2 (TimeSeries.samples) has wire type varint, expected length-delimited"));
}

TEST(WriteRequest, RefusesInvalidSeries) {
  EXPECT_EQ(error_of(series(label("__name__", "up") + label("job", "a") + label("job", "b"))),
            "timeseries 0: duplicate label name \"job\" at byte 2");
  EXPECT_EQ(error_of(series(label("job", "a"))),
            "timeseries 0: series {job=\"a\"} has no metric name (label __name__) at byte 2");
  EXPECT_EQ(error_of(series(sample(1, 1))),
            "timeseries 0: series without labels has no metric name (label __name__) at byte 2");
  EXPECT_EQ(error_of(series("")), "timeseries 0: series without labels has no metric name (label __name__) at byte 2");
}

// The shapes the fast path does not take go through the general decoder to
// the same result.
TEST(WriteRequest, ReadsLabelsAndSamplesInAnyEncoding) {
  std::string reversed_label, reversed_label_field;
  put_len(reversed_label, 2, "b");
  put_len(reversed_label, 1, "job");
  put_len(reversed_label_field, 1, reversed_label);
  std::string reversed_sample, reversed_sample_field;
  protobuf::put_int64(reversed_sample, 2, 7);
  protobuf::put_double(reversed_sample, 1, 2.5);
  put_len(reversed_sample_field, 2, reversed_sample);
  std::string time_only, time_only_field;  // proto3 leaves out a value of 0
  protobuf::put_int64(time_only, 2, 9);
  put_len(time_only_field, 2, time_only);
  const std::string long_value(300, 'v');

  auto decoded = decode(series(label("__name__", "up") + reversed_label_field + label("long", long_value) +
                               reversed_sample_field + time_only_field + sample(1, -1)));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ((*decoded)[0].labels, labels({{"__name__", "up"}, {"job", "b"}, {"long", long_value}}));
  ASSERT_EQ((*decoded)[0].samples.size(), 3u);
  EXPECT_EQ((*decoded)[0].samples[0].t, 7);
  EXPECT_EQ((*decoded)[0].samples[0].v, 2.5);
  EXPECT_EQ((*decoded)[0].samples[1].t, 9);
  EXPECT_EQ((*decoded)[0].samples[1].v, 0.0);
  EXPECT_EQ((*decoded)[0].samples[2].t, -1);
}

// Label syntax is storage's to check (for new series only): the decoder
// passes such labels on as they are.
TEST(WriteRequest, LeavesLabelSyntaxToStorage) {
  auto decoded = decode(series(label("__name__", "up") + label("1bad", "caf\xc3") + sample(1, 1)));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ((*decoded)[0].labels.get("1bad"), "caf\xc3");
}

TEST(WriteRequest, ErrorsQuoteClientTextAsValidUtf8) {
  const std::string name = "bad\xff" + std::string(1000, 'x');
  const std::string message = error_of(series(label("__name__", "up") + label(name, "a") + label(name, "b")));
  EXPECT_THAT(message, HasSubstr("duplicate label name \"bad\\xff"));
  EXPECT_LT(message.size(), 300u);
}

TEST(WriteRequest, LabelCountLimitIsCheckedWhileReading) {
  std::string fields = label("__name__", "up");
  for (int i = 0; i < 64; ++i) fields += label("l" + std::to_string(i), "v");
  EXPECT_THAT(error_of(series(fields)), HasSubstr("timeseries 0: more than 64 labels (the per-series limit) at byte"));
}

}  // namespace
}  // namespace vigil::ingest::remote_write
