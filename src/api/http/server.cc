#include "api/http/server.h"

#include <boost/asio/strand.hpp>

#include "api/http/listen_address.h"

namespace vigil::api {

HttpServer::HttpServer(const config::ServerConfig& config, RequestPipeline& pipeline, HttpMetrics& metrics,
                       log::Logger logger)
    : config_(config), pipeline_(pipeline), metrics_(metrics), logger_(std::move(logger)), acceptor_(ioc_) {}

HttpServer::~HttpServer() { shutdown(); }

Result<void> HttpServer::setup_tls() {
  const auto& tls = config_.tls;
  if (!tls.enabled()) return {};
  try {
    tls_.emplace(asio::ssl::context::tls_server);
    tls_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                      asio::ssl::context::single_dh_use);
    if (tls.min_version == "TLS13") {
      SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_3_VERSION);
    }
    tls_->use_certificate_chain_file(tls.cert_file);
    tls_->use_private_key_file(tls.key_file, asio::ssl::context::pem);
    if (!tls.client_ca_file.empty()) {
      tls_->load_verify_file(tls.client_ca_file);
      tls_->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
  } catch (const boost::system::system_error& e) {
    return std::unexpected(make_error(ErrorKind::invalid_config,
                                      "cannot load TLS certificate or key (server.tls): " + std::string(e.what())));
  }
  return {};
}

Result<void> HttpServer::start() {
  if (auto tls = setup_tls(); !tls) return tls;
  auto address = parse_listen_address(config_.listen);
  if (!address) return std::unexpected(address.error());

  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(ioc_);
  auto endpoints = resolver.resolve(address->host, std::to_string(address->port),
                                    asio::ip::tcp::resolver::passive | asio::ip::tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return std::unexpected(make_error(ErrorKind::io, "cannot resolve listen address " + config_.listen + ": " +
                                                         (ec ? ec.message() : "no addresses")));
  }
  auto endpoint = endpoints.begin()->endpoint();
  auto fail = [&](std::string_view what) {
    return std::unexpected(make_error(ErrorKind::io, "cannot " + std::string(what) + " " + config_.listen + ": " +
                                                         ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open socket for");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("set options on");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("listen on");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen on");

  accept();
  unsigned threads = config_.threads != 0 ? config_.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  logger_.info("listening", {{"address", local_address()},
                             {"tls", tls_.has_value()},
                             {"threads", threads}});
  return {};
}

std::string HttpServer::local_address() const {
  boost::system::error_code ec;
  auto endpoint = acceptor_.local_endpoint(ec);
  if (ec) return config_.listen;
  auto ip = endpoint.address();
  std::string host = ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

void HttpServer::accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](boost::system::error_code ec, asio::ip::tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void HttpServer::on_accept(boost::system::error_code ec, asio::ip::tcp::socket socket) {
  if (stopping_ || ec == asio::error::operation_aborted) return;
  if (ec) {
    // Running out of descriptors must not stop the listener for good.
    logger_.warn("accept failed", {{"error", ec.message()}});
    return accept();
  }
  if (sessions_.size() >= config_.limits.max_connections) {
    metrics_.rejected_connections.inc();
    boost::system::error_code ignored;
    socket.close(ignored);
    return accept();
  }
  boost::system::error_code endpoint_ec;
  auto remote = socket.remote_endpoint(endpoint_ec);
  std::string remote_text = endpoint_ec ? "unknown" : remote.address().to_string() + ":" + std::to_string(remote.port());
  SessionLimits limits{config_.read_timeout, config_.write_timeout, config_.idle_timeout,
                       config_.limits.max_request_body_bytes,
                       static_cast<uint32_t>(config_.limits.max_header_bytes)};
  if (tls_) {
    using Stream = beast::ssl_stream<beast::tcp_stream>;
    std::make_shared<HttpSession<Stream>>(Stream(beast::tcp_stream(std::move(socket)), *tls_), pipeline_, sessions_,
                                          long_requests_, limits, std::move(remote_text))
        ->run();
  } else {
    std::make_shared<HttpSession<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), pipeline_, sessions_,
                                                     long_requests_, limits, std::move(remote_text))
        ->run();
  }
  accept();
}

void HttpServer::shutdown() {
  if (stopping_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
  sessions_.begin_shutdown_all();
  auto deadline = std::chrono::steady_clock::now() + config_.shutdown_timeout;
  if (!sessions_.wait_empty(deadline)) {
    logger_.warn("shutdown timeout reached; closing remaining connections",
                 {{"connections", sessions_.describe()}});
    long_requests_.stop();
    sessions_.force_close_all();
    sessions_.wait_empty(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  }
  // Their answers are posted to the sessions' strands, which must still run.
  long_requests_.stop();
  long_requests_.join();
  ioc_.stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

}  // namespace vigil::api
