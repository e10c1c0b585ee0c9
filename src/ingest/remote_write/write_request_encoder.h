#pragma once
// Builds Prometheus remote write 1.0 request bodies: the one encoder shared by
// the tests, the storage benchmark's sender and any future remote write out.
//
//   WriteRequest{repeated TimeSeries timeseries = 1}
//   TimeSeries{repeated Label labels = 1; repeated Sample samples = 2}
//   Label{string name = 1; string value = 2}
//   Sample{double value = 1; int64 timestamp = 2}

#include <span>
#include <string>
#include <string_view>

#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::ingest::remote_write {

class WriteRequestEncoder {
 public:
  // The `labels` fields of a TimeSeries, encoded once per series and reused
  // for each batch of its samples.
  static std::string encode_labels(const storage::LabelSet& labels);
  static std::string encode_labels(storage::LabelViews labels);

  // A TimeSeries with these labels (from encode_labels) and samples.
  void add(std::string_view encoded_labels, std::span<const storage::Sample> samples);
  size_t samples() const noexcept { return samples_; }

  // The request as protobuf, and snappy-compressed as it goes on the wire;
  // the encoder is empty afterwards.
  std::string take();
  std::string take_compressed();

 private:
  std::string buffer_;
  std::string series_;  // one TimeSeries, to know its length before writing it
  std::string sample_;
  size_t samples_ = 0;
};

}  // namespace vigil::ingest::remote_write
