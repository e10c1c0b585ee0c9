#include "ingest/remote_write/write_request.h"

#include <algorithm>
#include <bit>
#include <optional>
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

uint8_t byte_at(std::string_view bytes, size_t i) { return static_cast<uint8_t>(bytes[i]); }

// Every sender writes a label as `0A <n> name 12 <m> value` with lengths
// below 128: read that shape directly, anything else (fields in another
// order, repeated or unknown fields, long lengths) by decode_label.
std::optional<storage::LabelView> canonical_label(std::string_view b) {
  if (b.size() < 4 || byte_at(b, 0) != 0x0A) return std::nullopt;
  const size_t n = byte_at(b, 1);
  if (n >= 0x80 || n + 4 > b.size() || byte_at(b, n + 2) != 0x12) return std::nullopt;
  const size_t m = byte_at(b, n + 3);
  if (m >= 0x80 || n + m + 4 != b.size()) return std::nullopt;
  return storage::LabelView{b.substr(2, n), b.substr(n + 4, m)};
}

// Likewise a sample: `09 <8-byte value> 10 <timestamp varint>`.
std::optional<storage::Sample> canonical_sample(std::string_view b) {
  if (b.size() < 11 || b.size() > 20 || byte_at(b, 0) != 0x09 || byte_at(b, 9) != 0x10) return std::nullopt;
  uint64_t bits = 0;
  for (size_t i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(byte_at(b, 1 + i)) << (8 * i);
  uint64_t t = 0;
  for (size_t i = 10, shift = 0; i < b.size(); ++i, shift += 7) {
    const uint8_t byte = byte_at(b, i);
    if (shift == 63 && byte > 1) return std::nullopt;  // past 64 bits: the general path names the error
    t |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      if (i + 1 != b.size()) return std::nullopt;
      return storage::Sample{static_cast<int64_t>(t), std::bit_cast<double>(bits)};
    }
  }
  return std::nullopt;
}

Result<storage::LabelView> decode_label(Reader in) {
  storage::LabelView label;
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
      (tag->field == 1 ? label.name : label.value) = *text;
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

// Brings the labels from `first` on into LabelSet's shape: sorted by name
// (senders normally send them so, which is checked before sorting), unique
// names, no empty value.
Result<void> normalize_labels(std::vector<storage::LabelView>& labels, size_t first, size_t offset) {
  const auto begin = labels.begin() + static_cast<ptrdiff_t>(first);
  const auto by_name = [](const storage::LabelView& a, const storage::LabelView& b) { return a.name < b.name; };
  if (std::adjacent_find(begin, labels.end(), [](const auto& a, const auto& b) { return a.name >= b.name; }) !=
      labels.end()) {
    std::sort(begin, labels.end(), by_name);
    // Refused even when one of them is empty, as Prometheus's scrape does: the input is ambiguous.
    auto duplicate =
        std::adjacent_find(begin, labels.end(), [](const auto& a, const auto& b) { return a.name == b.name; });
    if (duplicate != labels.end()) {
      return std::unexpected(Reader::error("duplicate label name \"" + quotable(duplicate->name) + "\"", offset));
    }
  }
  labels.erase(std::remove_if(begin, labels.end(), [](const auto& label) { return label.value.empty(); }),
               labels.end());
  return {};
}

// Where a series' label fields lie in the message: one run of bytes when no
// other field comes between them, which is how senders write them.
struct LabelBytes {
  size_t begin = 0, end = 0;
  size_t count = 0;
  bool contiguous = true;
};

// The label fields of a series, decoded and appended to `labels`.
Result<void> decode_labels(Reader in, std::vector<storage::LabelView>& labels) {
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    if (tag->field != 1) {
      if (auto skipped = in.skip(*tag); !skipped) return std::unexpected(skipped.error());
      continue;
    }
    auto message = in.message();  // wire type and bounds checked by the first pass
    if (!message) return std::unexpected(message.error());
    if (auto canonical = canonical_label(message->unread())) {
      labels.push_back(*canonical);
      continue;
    }
    auto label = decode_label(*message);
    if (!label) return std::unexpected(label.error());
    labels.push_back(*label);
  }
  return {};
}

// One series: its samples appended to `samples`, and its labels to `labels`
// unless `cache` knows them (the ref it returns). First a pass over the
// fields that reads samples and finds the label fields, then, for a series
// the cache does not know, the labels themselves.
Result<void> decode_time_series(Reader in, std::string_view message, const storage::LabelLimits& limits,
                                SeriesRefCache* cache, std::vector<storage::LabelView>& labels,
                                std::vector<storage::Sample>& samples, LabelBytes& where, uint64_t& ref) {
  const Reader series = in;
  const size_t start = in.offset();
  const size_t first_label = labels.size();
  bool other_field_after_labels = false;
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    if (tag->field != 1 && where.count > 0) other_field_after_labels = true;
    switch (tag->field) {
      case 1: {
        if (auto ok = in.expect(*tag, WireType::len, "TimeSeries.labels"); !ok) return std::unexpected(ok.error());
        // Checked while reading, so that a series of millions of tiny labels
        // is refused before it takes memory for them.
        if (where.count == limits.max_labels_per_series) {
          return std::unexpected(Reader::error(
              "more than " + std::to_string(limits.max_labels_per_series) + " labels (the per-series limit)",
              tag->offset));
        }
        if (where.count == 0) where.begin = tag->offset;
        if (other_field_after_labels) where.contiguous = false;
        auto body = in.len();
        if (!body) return std::unexpected(body.error());
        where.end = in.offset();
        ++where.count;
        break;
      }
      case 2: {
        if (auto ok = in.expect(*tag, WireType::len, "TimeSeries.samples"); !ok) return std::unexpected(ok.error());
        auto body = in.message();
        if (!body) return std::unexpected(body.error());
        if (auto canonical = canonical_sample(body->unread())) {
          samples.push_back(*canonical);
          break;
        }
        auto sample = decode_sample(*body);
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

  if (cache != nullptr && where.count > 0 && where.contiguous) {
    const std::string_view raw = message.substr(where.begin, where.end - where.begin);
    ref = cache->find(raw, SeriesRefCache::hash(raw));
    if (ref != 0) return {};
  }
  if (auto decoded = decode_labels(series, labels); !decoded) return decoded;
  if (auto normal = normalize_labels(labels, first_label, start); !normal) return normal;
  const storage::LabelViews views(labels.data() + first_label, labels.size() - first_label);
  if (storage::metric_name_of(views).empty()) {
    return std::unexpected(Reader::error(
        "series " + (views.empty() ? std::string("without labels") : quotable(storage::labels_to_string(views))) +
            " has no metric name (label __name__)",
        start));
  }
  return {};
}

}  // namespace

void DecodedWriteRequest::clear() noexcept {
  message_ = {};
  labels_.clear();
  samples_.clear();
  extents_.clear();
  series_.clear();
}

void DecodedWriteRequest::release_beyond(size_t keep_bytes) {
  const size_t bytes = labels_.capacity() * sizeof(storage::LabelView) + samples_.capacity() * sizeof(storage::Sample) +
                       extents_.capacity() * sizeof(Extent) + series_.capacity() * sizeof(storage::SeriesView);
  if (bytes <= keep_bytes) return;
  *this = DecodedWriteRequest();
}

std::optional<std::string_view> DecodedWriteRequest::label_bytes(size_t i) const noexcept {
  const Extent& e = extents_[i];
  if (!e.labels_contiguous || e.labels_end == e.labels_begin) return std::nullopt;
  return message_.substr(e.labels_begin, e.labels_end - e.labels_begin);
}

Result<void> decode_write_request(std::string_view message, const storage::LabelLimits& limits, SeriesRefCache* cache,
                                  DecodedWriteRequest& out) {
  out.clear();
  out.message_ = message;
  Reader in(message);
  while (!in.at_end()) {
    auto tag = in.tag();
    if (!tag) return std::unexpected(tag.error());
    if (tag->field == 1) {
      if (auto ok = in.expect(*tag, WireType::len, "WriteRequest.timeseries"); !ok) return std::unexpected(ok.error());
      auto body = in.message();
      if (!body) return std::unexpected(body.error());
      const size_t first_label = out.labels_.size(), first_sample = out.samples_.size();
      LabelBytes where;
      uint64_t ref = 0;
      if (auto decoded = decode_time_series(*body, message, limits, cache, out.labels_, out.samples_, where, ref);
          !decoded) {
        return std::unexpected(in_series(out.extents_.size(), decoded.error()));
      }
      out.extents_.push_back(
          {static_cast<uint32_t>(first_label), static_cast<uint32_t>(out.labels_.size() - first_label),
           static_cast<uint32_t>(first_sample), static_cast<uint32_t>(out.samples_.size() - first_sample), ref,
           where.begin, where.end, where.contiguous});
    } else if (tag->field == 3) {
      // Metadata (type, help, unit) has nowhere to go in storage yet.
      if (auto ok = in.expect(*tag, WireType::len, "WriteRequest.metadata"); !ok) return std::unexpected(ok.error());
      if (auto skipped = in.skip(*tag); !skipped) return std::unexpected(skipped.error());
    } else if (auto skipped = in.skip(*tag); !skipped) {
      return std::unexpected(skipped.error());
    }
  }
  // Spans only now: the vectors may have moved while they grew.
  out.series_.reserve(out.extents_.size());
  for (const DecodedWriteRequest::Extent& e : out.extents_) {
    out.series_.push_back({storage::LabelViews(out.labels_.data() + e.first_label, e.label_count),
                           std::span<const storage::Sample>(out.samples_.data() + e.first_sample, e.sample_count),
                           e.ref});
  }
  return {};
}

}  // namespace vigil::ingest::remote_write
