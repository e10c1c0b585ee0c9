#include "cli/otlp_listeners.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "api/handlers/otlp_routes.h"

namespace vigil::cli {
namespace {

// The gRPC path, for server.auth.unauthenticated_paths.
constexpr std::string_view kExportMethod = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::invalid_config, "cannot read " + path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

OtlpListeners::OtlpListeners(const config::Config& config, ingest::otlp::MetricsReceiver& receiver,
                             api::HttpMetrics& metrics, const log::Logger& root)
    : config_(config), receiver_(receiver), metrics_(metrics), root_(root), http_config_(config.server) {
  http_config_.listen = config.otlp.http_listen;
}

Result<void> OtlpListeners::start() {
  if (!config_.otlp.enabled) return {};
  if (config_.otlp.http_enabled) {
    if (auto started = start_http(); !started) return started;
  }
  if (config_.otlp.grpc_enabled) {
    if (auto started = start_grpc(); !started) {
      shutdown();
      return started;
    }
  }
  return {};
}

Result<void> OtlpListeners::start_http() {
  auto authenticator = api::Authenticator::create(config_.server.auth);
  if (!authenticator) return std::unexpected(authenticator.error());
  api::add_otlp_routes(router_, receiver_, config_.otlp.max_request_bytes);
  pipeline_ = std::make_unique<api::RequestPipeline>(router_, std::move(*authenticator), metrics_,
                                                     root_.child("otlp_http"), config_.server.gzip);
  http_ = std::make_unique<api::HttpServer>(http_config_, *pipeline_, metrics_, root_.child("otlp_http"));
  if (auto started = http_->start(); !started) {
    http_.reset();
    std::string message = "OTLP/HTTP listener: ";
    message += started.error().message;
    return std::unexpected(make_error(started.error().kind, std::move(message)));
  }
  return {};
}

Result<void> OtlpListeners::start_grpc() {
  ingest::otlp::GrpcServerOptions options;
  options.listen = config_.otlp.grpc_listen;
  options.max_message_bytes = config_.otlp.max_request_bytes;
  const config::TlsConfig& tls = config_.server.tls;
  if (tls.enabled()) {
    auto cert = read_file(tls.cert_file);
    if (!cert) return std::unexpected(cert.error());
    auto key = read_file(tls.key_file);
    if (!key) return std::unexpected(key.error());
    options.tls_cert_chain = std::move(*cert);
    options.tls_private_key = std::move(*key);
    if (!tls.client_ca_file.empty()) {
      auto ca = read_file(tls.client_ca_file);
      if (!ca) return std::unexpected(ca.error());
      options.tls_client_ca = std::move(*ca);
    }
  }
  auto authenticator = api::Authenticator::create(config_.server.auth);
  if (!authenticator) return std::unexpected(authenticator.error());
  grpc_authenticator_.emplace(std::move(*authenticator));
  if (grpc_authenticator_->enabled()) {
    options.authorize = [this](std::string_view authorization) {
      return grpc_authenticator_->check(kExportMethod, authorization) == api::Authenticator::Outcome::allowed;
    };
  }
  grpc_ = std::make_unique<ingest::otlp::GrpcServer>(receiver_, std::move(options));
  if (auto started = grpc_->start(); !started) {
    grpc_.reset();
    std::string message = "OTLP/gRPC listener: ";
    message += started.error().message;
    return std::unexpected(make_error(started.error().kind, std::move(message)));
  }
  return {};
}

void OtlpListeners::shutdown() {
  if (grpc_) {
    grpc_->shutdown(std::min(std::chrono::milliseconds(1000),
                             std::chrono::duration_cast<std::chrono::milliseconds>(config_.server.shutdown_timeout)));
    grpc_.reset();
  }
  if (http_) {
    http_->shutdown();
    http_.reset();
  }
}

std::string OtlpListeners::http_url() const {
  if (!http_) return "off";
  std::string url = config_.server.tls.enabled() ? "https://" : "http://";
  url += http_->local_address();
  url += "/v1/metrics";
  return url;
}

std::string OtlpListeners::grpc_address() const { return grpc_ ? grpc_->local_address() : "off"; }

}  // namespace vigil::cli
