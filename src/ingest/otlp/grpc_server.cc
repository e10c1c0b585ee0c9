#include "ingest/otlp/grpc_server.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"

namespace vigil::ingest::otlp {
namespace {

namespace collector = opentelemetry::proto::collector::metrics::v1;

// Threads serving calls; more calls queue. Each call holds one request's
// decoded message and series, so this also bounds that memory.
constexpr int kMaxThreads = 16;

std::string host_of(const std::string& listen) { return listen.substr(0, listen.rfind(':')); }

}  // namespace

class GrpcServer::Service final : public collector::MetricsService::Service {
 public:
  Service(MetricsReceiver& receiver, const GrpcServerOptions& options) : receiver_(receiver), options_(options) {}

  grpc::Status Export(grpc::ServerContext* context, const collector::ExportMetricsServiceRequest* request,
                      collector::ExportMetricsServiceResponse* response) override {
    if (options_.authorize) {
      const auto& metadata = context->client_metadata();
      auto it = metadata.find("authorization");
      const std::string_view authorization =
          it == metadata.end() ? std::string_view() : std::string_view(it->second.data(), it->second.size());
      if (!options_.authorize(authorization)) {
        return {grpc::StatusCode::UNAUTHENTICATED, "missing or invalid credentials in the authorization metadata"};
      }
    }
    auto outcome = receiver_.receive(*request);
    if (!outcome) {
      const auto code = outcome.error().kind == ErrorKind::invalid_argument ? grpc::StatusCode::INVALID_ARGUMENT
                                                                             : grpc::StatusCode::UNAVAILABLE;
      return {code, outcome.error().message};
    }
    if (outcome->rejected_points > 0 || !outcome->message.empty()) {
      auto* partial = response->mutable_partial_success();
      partial->set_rejected_data_points(static_cast<int64_t>(outcome->rejected_points));
      partial->set_error_message(outcome->message);
    }
    return grpc::Status::OK;
  }

 private:
  MetricsReceiver& receiver_;
  const GrpcServerOptions& options_;
};

GrpcServer::GrpcServer(MetricsReceiver& receiver, GrpcServerOptions options)
    : receiver_(receiver), options_(std::move(options)), service_(std::make_unique<Service>(receiver_, options_)) {}

GrpcServer::~GrpcServer() { shutdown(std::chrono::milliseconds(0)); }

Result<void> GrpcServer::start() {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  if (options_.tls_cert_chain.empty()) {
    credentials = grpc::InsecureServerCredentials();
  } else {
    grpc::SslServerCredentialsOptions tls(options_.tls_client_ca.empty()
                                              ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                              : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    tls.pem_root_certs = options_.tls_client_ca;
    tls.pem_key_cert_pairs.push_back({options_.tls_private_key, options_.tls_cert_chain});
    credentials = grpc::SslServerCredentials(tls);
  }
  grpc::ServerBuilder builder;
  grpc::ResourceQuota quota("otlp-grpc");
  quota.SetMaxThreads(kMaxThreads);
  builder.SetResourceQuota(quota);
  const int max_message = static_cast<int>(std::min<uint64_t>(options_.max_message_bytes, INT32_MAX));
  builder.SetMaxReceiveMessageSize(max_message);
  // gRPC binds with SO_REUSEPORT by default, which lets a second server on
  // the same port start and steal half the connections; a taken port must be
  // an error, as for the HTTP listeners.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options_.listen, credentials, &port_);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    server_.reset();
    return std::unexpected(make_error(ErrorKind::io, "cannot listen on " + options_.listen +
                                                         " (address in use or not available)"));
  }
  return {};
}

std::string GrpcServer::local_address() const { return host_of(options_.listen) + ":" + std::to_string(port_); }

void GrpcServer::shutdown(std::chrono::milliseconds grace) {
  if (!server_) return;
  // Until the deadline gRPC also waits for idle client connections to
  // acknowledge its GOAWAY (about 5 s for a connected client), so the grace is
  // kept short. A handler running at the deadline still completes (Wait
  // joins it), so its samples are stored before storage closes; only its
  // answer may be lost, and the sender's retry is harmless.
  server_->Shutdown(std::chrono::system_clock::now() + grace);
  server_->Wait();
  server_.reset();
}

}  // namespace vigil::ingest::otlp
