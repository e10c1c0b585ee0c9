#include "ingest/remote_write/write_request_encoder.h"

#include <snappy.h>

#include <utility>
#include <vector>

#include "ingest/remote_write/protobuf_wire.h"

namespace vigil::ingest::remote_write {

std::string WriteRequestEncoder::encode_labels(const storage::LabelSet& labels) {
  std::vector<storage::LabelView> views;
  views.reserve(labels.size());
  for (const storage::Label& l : labels) views.push_back({l.name, l.value});
  return encode_labels(views);
}

std::string WriteRequestEncoder::encode_labels(storage::LabelViews labels) {
  std::string out, label;
  for (const storage::LabelView& l : labels) {
    label.clear();
    protobuf::put_len(label, 1, l.name);
    protobuf::put_len(label, 2, l.value);
    protobuf::put_len(out, 1, label);
  }
  return out;
}

void WriteRequestEncoder::add(std::string_view encoded_labels, std::span<const storage::Sample> samples) {
  series_.assign(encoded_labels);
  for (const storage::Sample& s : samples) {
    sample_.clear();
    protobuf::put_double(sample_, 1, s.v);
    protobuf::put_int64(sample_, 2, s.t);
    protobuf::put_len(series_, 2, sample_);
  }
  protobuf::put_len(buffer_, 1, series_);
  samples_ += samples.size();
}

std::string WriteRequestEncoder::take() {
  samples_ = 0;
  return std::exchange(buffer_, {});
}

std::string WriteRequestEncoder::take_compressed() {
  std::string out;
  snappy::Compress(buffer_.data(), buffer_.size(), &out);
  buffer_.clear();
  samples_ = 0;
  return out;
}

}  // namespace vigil::ingest::remote_write
