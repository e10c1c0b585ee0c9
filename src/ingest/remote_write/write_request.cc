#include "ingest/remote_write/write_request.h"

#include <bit>
#include <string>
#include <utility>

#include "ingest/remote_write/protobuf_reader.h"
#include "storage/labels/utf8.h"

namespace vigil::ingest::remote_write {
namespace {

using protobuf::Reader;
using protobuf::Tag;
using protobuf::WireType;

// Long enough to recognise a series by, short enough that a hostile request
// does not come back whole in the error.
constexpr size_t kMaxQuotedBytes = 200;

// Client text made fit for an error message: valid UTF-8, cut short.
std::string quotable(std::string_view text) {
  std::string out = storage::escape_invalid_utf8(text);
  if (out.size() <= kMaxQuotedBytes) return out;
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

// "timeseries 3: <what>", so that a wire error deep in a series still says
// which series it is in.
Error in_series(size_t index, const Error& e) {
  return make_error(e.kind, "timeseries " + std::to_string(index) + ": " + e.message);
}

Result<storage::Label> decode_label(Reader in) {
  storage::Label label;
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    // A scalar field given twice takes its last value (protobuf's merge rule).
    if (tag->field == 1 || tag->field == 2) {
      if (auto ok = in.expect(*tag, WireType::len, tag->field == 1 ? "Label.name" : "Label.value"); !ok) {
        return std::unexpected(ok.error());
      }
      auto text = in.len();
      if (!text) return std::unexpected(text.error());
      (tag->field == 1 ? label.name : label.value).assign(*text);
    } else if (auto skipped = in.skip(*tag); !skipped) {
      return std::unexpected(skipped.error());
    }
  }
  return label;
}

// A missing field is proto3's default: value 0, timestamp 0 (the epoch).
Result<storage::Sample> decode_sample(Reader in) {
  storage::Sample sample{0, 0.0};
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    if (tag->field == 1) {
      if (auto ok = in.expect(*tag, WireType::i64, "Sample.value"); !ok) return std::unexpected(ok.error());
      auto bits = in.fixed64();
      if (!bits) return std::unexpected(bits.error());
      sample.v = std::bit_cast<double>(*bits);
    } else if (tag->field == 2) {
      if (auto ok = in.expect(*tag, WireType::varint, "Sample.timestamp"); !ok) return std::unexpected(ok.error());
      auto t = in.varint();
      if (!t) return std::unexpected(t.error());
      sample.t = static_cast<int64_t>(*t);  // int64 is sent as its two's complement
    } else if (auto skipped = in.skip(*tag); !skipped) {
      return std::unexpected(skipped.error());
    }
  }
  return sample;
}

Result<storage::SeriesSamples> decode_time_series(Reader in, const storage::LabelLimits& limits) {
  const size_t start = in.offset();
  std::vector<storage::Label> labels;
  std::vector<storage::Sample> samples;
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    switch (tag->field) {
      case 1: {
        if (auto ok = in.expect(*tag, WireType::len, "TimeSeries.labels"); !ok) return std::unexpected(ok.error());
        // Checked while reading, so that a series of millions of tiny labels
        // is refused before it takes memory for them.
        if (labels.size() == limits.max_labels_per_series) {
          return std::unexpected(Reader::error(
              "more than " + std::to_string(limits.max_labels_per_series) + " labels (the per-series limit)",
              tag->offset));
        }
        auto message = in.message();
        if (!message) return std::unexpected(message.error());
        auto label = decode_label(*message);
        if (!label) return std::unexpected(label.error());
        labels.push_back(std::move(*label));
        break;
      }
      case 2: {
        if (auto ok = in.expect(*tag, WireType::len, "TimeSeries.samples"); !ok) return std::unexpected(ok.error());
        auto message = in.message();
        if (!message) return std::unexpected(message.error());
        auto sample = decode_sample(*message);
        if (!sample) return std::unexpected(sample.error());
        samples.push_back(*sample);
        break;
      }
      case 3:
        if (auto ok = in.expect(*tag, WireType::len, "TimeSeries.exemplars"); !ok) return std::unexpected(ok.error());
        if (auto skipped = in.skip(*tag); !skipped) return std::unexpected(skipped.error());
        break;
      case 4:
        return std::unexpected(Reader::error("native histograms are not supported", tag->offset));
      default:
        if (auto skipped = in.skip(*tag); !skipped) return std::unexpected(skipped.error());
    }
  }

  auto set = storage::LabelSet::from(std::move(labels));
  if (!set) return std::unexpected(Reader::error(quotable(set.error().message), start));
  if (auto valid = storage::validate(*set, limits); !valid) {
    return std::unexpected(Reader::error(valid.error().message, start));
  }
  if (set->metric_name().empty()) {
    return std::unexpected(Reader::error(
        "series " + (set->empty() ? std::string("without labels") : quotable(set->to_string())) +
            " has no metric name (label __name__)",
        start));
  }
  return storage::SeriesSamples{std::move(*set), std::move(samples)};
}

}  // namespace

Result<std::vector<storage::SeriesSamples>> decode_write_request(std::string_view message,
                                                                 const storage::LabelLimits& limits) {
  Reader in(message);
  std::vector<storage::SeriesSamples> series;
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    if (tag->field == 1) {
      if (auto ok = in.expect(*tag, WireType::len, "WriteRequest.timeseries"); !ok) return std::unexpected(ok.error());
      auto body = in.message();
      if (!body) return std::unexpected(body.error());
      auto decoded = decode_time_series(*body, limits);
      if (!decoded) return std::unexpected(in_series(series.size(), decoded.error()));
      series.push_back(std::move(*decoded));
    } else if (tag->field == 3) {
      // Metadata (type, help, unit) has nowhere to go in storage yet.
      if (auto ok = in.expect(*tag, WireType::len, "WriteRequest.metadata"); !ok) return std::unexpected(ok.error());
      if (auto skipped = in.skip(*tag); !skipped) return std::unexpected(skipped.error());
    } else if (auto skipped = in.skip(*tag); !skipped) {
      return std::unexpected(skipped.error());
    }
  }
  return series;
}

}  // namespace vigil::ingest::remote_write
