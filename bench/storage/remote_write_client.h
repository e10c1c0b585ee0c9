#pragma once
// A minimal Prometheus remote-write 1.0 sender, enough to feed the benchmark
// workload to Prometheus and VictoriaMetrics: a hand-written protobuf
// WriteRequest, snappy block compression, HTTP/1.1 POSTs on keep-alive
// connections. Series are sharded over the connections by id, as Prometheus
// shards them, so that each series' samples arrive in time order.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::bench {

struct RemoteWriteUrl {
  std::string host;
  std::string port;
  std::string target;  // path and query
};
// http://HOST:PORT/PATH; no TLS, no user info.
Result<RemoteWriteUrl> parse_remote_write_url(std::string_view url);

// Builds one WriteRequest{repeated TimeSeries timeseries = 1}, each
// TimeSeries{repeated Label labels = 1; repeated Sample samples = 2}.
class WriteRequestEncoder {
 public:
  // The `labels` fields of a TimeSeries (Label{string name = 1; string
  // value = 2}), encoded once per series and reused for each of its samples.
  static std::string encode_labels(const storage::LabelSet& labels);

  // A TimeSeries with these Samples{double value = 1; int64 timestamp = 2}.
  void add(std::string_view encoded_labels, std::span<const storage::Sample> samples);
  size_t samples() const noexcept { return samples_; }
  // The snappy-compressed request; the encoder is empty afterwards.
  std::string take_compressed();

 private:
  std::string buffer_;
  std::string sample_fields_;  // one TimeSeries' samples, to know its length before writing it
  size_t samples_ = 0;
};

struct SendStats {
  uint64_t requests = 0;
  uint64_t samples = 0;
  uint64_t compressed_bytes = 0;
};

// Posts compressed WriteRequests over `connections` keep-alive connections,
// one thread each, with a bounded queue per connection so the producer
// cannot run far ahead of the receiver.
class RemoteWriteSender {
 public:
  static Result<std::unique_ptr<RemoteWriteSender>> connect(const RemoteWriteUrl& url, unsigned connections);
  ~RemoteWriteSender();

  unsigned connections() const noexcept;
  // Queues a request for connection `shard`; fails once any request failed.
  Result<void> send(unsigned shard, std::string body, size_t samples);
  // Waits for every queued request; the first failure if any.
  Result<SendStats> finish();

 private:
  struct Connection;
  RemoteWriteSender() = default;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace vigil::bench
