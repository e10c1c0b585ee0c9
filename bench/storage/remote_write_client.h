#pragma once
// A minimal Prometheus remote-write 1.0 sender, enough to feed the benchmark
// workload to Prometheus and VictoriaMetrics: requests built by
// ingest/remote_write/write_request_encoder.h, HTTP/1.1 POSTs on keep-alive
// connections. Series are sharded over the connections by id, as Prometheus
// shards them, so that each series' samples arrive in time order.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::bench {

struct RemoteWriteUrl {
  std::string host;
  std::string port;
  std::string target;  // path and query
};
// http://HOST:PORT/PATH; no TLS, no user info.
Result<RemoteWriteUrl> parse_remote_write_url(std::string_view url);

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
