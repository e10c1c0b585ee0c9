#pragma once
// The HTTP(S) server: a listener and a pool of threads running Asio, one
// HttpSession per connection, and a graceful shutdown that stops accepting,
// lets in-flight requests finish and closes idle keep-alive connections.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "api/http/long_request_threads.h"
#include "api/http/request_pipeline.h"
#include "api/http/session.h"
#include "api/http/session_registry.h"
#include "config/config.h"
#include "core/error.h"
#include "vigil/log/logger.h"

namespace vigil::api {

class HttpServer {
 public:
  HttpServer(const config::ServerConfig& config, RequestPipeline& pipeline, HttpMetrics& metrics,
             log::Logger logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Loads TLS material, binds and listens, then starts the threads.
  Result<void> start();

  // The bound address, e.g. "127.0.0.1:9400" (useful with port 0).
  std::string local_address() const;

  // Stops accepting, waits up to server.shutdown_timeout for in-flight
  // requests, then closes what is left and joins the threads. Idempotent.
  void shutdown();

 private:
  Result<void> setup_tls();
  void accept();
  void on_accept(boost::system::error_code ec, asio::ip::tcp::socket socket);

  const config::ServerConfig& config_;
  RequestPipeline& pipeline_;
  HttpMetrics& metrics_;
  log::Logger logger_;
  asio::io_context ioc_;
  asio::ip::tcp::acceptor acceptor_;
  std::optional<asio::ssl::context> tls_;
  SessionRegistry sessions_{metrics_.open_connections};
  std::vector<std::thread> threads_;
  // Last, so that it is joined first, while the sessions' strands still run.
  LongRequestThreads long_requests_;
  std::atomic<bool> stopping_{false};
};

}  // namespace vigil::api
