#pragma once
// OTLP/gRPC: opentelemetry.proto.collector.metrics.v1.MetricsService/Export
// on its own listener (port 4317 by convention), with libgrpc++'s server.
//
// Status codes, as the OTLP specification asks:
//   OK                  stored, possibly with partial_success in the response;
//   INVALID_ARGUMENT    the request cannot be stored, do not retry;
//   UNAVAILABLE         storage failed or the server is stopping: retry;
//   UNAUTHENTICATED     credentials required by server.auth are missing or wrong;
//   RESOURCE_EXHAUSTED  the message (decompressed) is over the size limit
//                       (from gRPC itself).
// gzip-compressed messages are accepted (gRPC's grpc-encoding).

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ingest/otlp/receiver.h"

namespace grpc {
class Server;
}

namespace vigil::ingest::otlp {

struct GrpcServerOptions {
  std::string listen = "127.0.0.1:4317";
  uint64_t max_message_bytes = 32ULL << 20;
  // PEM contents; TLS when cert_chain is set, client certificates required
  // when client_ca is set too.
  std::string tls_cert_chain;
  std::string tls_private_key;
  std::string tls_client_ca;
  // Checks the `authorization` metadata (empty when absent); null when the
  // server needs no credentials.
  std::function<bool(std::string_view authorization)> authorize;
};

class GrpcServer {
 public:
  GrpcServer(MetricsReceiver& receiver, GrpcServerOptions options);
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Binds and starts serving; an io error when the address cannot be bound.
  Result<void> start();
  // "127.0.0.1:4317", with the port chosen when the configured one was 0.
  std::string local_address() const;
  // Refuses new calls, lets running ones answer for up to `grace`, then
  // cancels the rest; returns once every handler has returned. Idempotent.
  void shutdown(std::chrono::milliseconds grace);

 private:
  class Service;
  MetricsReceiver& receiver_;
  GrpcServerOptions options_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace vigil::ingest::otlp
