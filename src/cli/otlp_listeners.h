#pragma once
// OTLP's own listeners (docs/otlp.md): OTLP/HTTP, by convention on port
// 4318, an HTTP server with only the OTLP routes and the main listener's
// server.* settings; OTLP/gRPC on port 4317, with the main listener's TLS
// files and credentials. Which run is decided by the otlp: section.

#include <memory>
#include <optional>
#include <string>

#include "api/http/authenticator.h"
#include "api/http/http_metrics.h"
#include "api/http/request_pipeline.h"
#include "api/http/router.h"
#include "api/http/server.h"
#include "config/config.h"
#include "core/error.h"
#include "ingest/otlp/grpc_server.h"
#include "ingest/otlp/receiver.h"
#include "vigil/log/logger.h"

namespace vigil::cli {

class OtlpListeners {
 public:
  OtlpListeners(const config::Config& config, ingest::otlp::MetricsReceiver& receiver, api::HttpMetrics& metrics,
                const log::Logger& root);
  ~OtlpListeners() { shutdown(); }
  OtlpListeners(const OtlpListeners&) = delete;
  OtlpListeners& operator=(const OtlpListeners&) = delete;

  // Starts the enabled listeners; on failure the ones started are stopped
  // again. invalid_config for bad settings, io for a port that cannot be bound.
  Result<void> start();

  // gRPC first (running calls get up to 1 s, or server.shutdown_timeout if
  // shorter, to answer; their writes always finish), then HTTP. Idempotent.
  void shutdown();

  // For the log: "http://127.0.0.1:4318/v1/metrics" and "127.0.0.1:4317",
  // or "off".
  std::string http_url() const;
  std::string grpc_address() const;

 private:
  Result<void> start_http();
  Result<void> start_grpc();

  const config::Config& config_;
  ingest::otlp::MetricsReceiver& receiver_;
  api::HttpMetrics& metrics_;
  log::Logger root_;
  config::ServerConfig http_config_;
  api::Router router_;
  std::unique_ptr<api::RequestPipeline> pipeline_;
  std::unique_ptr<api::HttpServer> http_;
  std::optional<api::Authenticator> grpc_authenticator_;
  std::unique_ptr<ingest::otlp::GrpcServer> grpc_;
};

}  // namespace vigil::cli
