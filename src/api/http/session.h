#pragma once
// One HTTP/1.1 connection: reads requests with limits and timeouts, hands
// them to the RequestPipeline, writes responses, keeps the connection alive
// between requests. Stream is beast::tcp_stream or ssl_stream<tcp_stream>.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/http/long_request_threads.h"
#include "api/http/peer_closed.h"
#include "api/http/request_pipeline.h"
#include "api/http/session_registry.h"
#include "config/config.h"

namespace vigil::api {

namespace beast = boost::beast;
namespace asio = boost::asio;

struct SessionLimits {
  std::chrono::milliseconds read_timeout;
  std::chrono::milliseconds write_timeout;
  std::chrono::milliseconds idle_timeout;
  uint64_t max_body_bytes;
  uint32_t max_header_bytes;
};

template <class Stream>
class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  HttpSession(Stream stream, RequestPipeline& pipeline, SessionRegistry& registry, LongRequestThreads& long_requests,
              SessionLimits limits, std::string remote)
      : stream_(std::move(stream)), pipeline_(pipeline), registry_(registry), long_requests_(long_requests),
        limits_(limits), remote_(std::move(remote)) {}

  ~HttpSession() override { registry_.remove(this); }

  void run() {
    registry_.add(this->shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] { self->start(); });
  }

  void begin_shutdown() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->shutting_down_ = true;
      if (self->phase_ == Phase::waiting) self->close_now();
    });
  }

  Phase phase() const override { return phase_.load(std::memory_order_relaxed); }
  const std::string& remote() const override { return remote_; }

  void force_close() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->close_now(); });
  }

 private:
  auto& socket_layer() { return beast::get_lowest_layer(stream_); }

  void start() {
    if constexpr (kTls) {
      phase_ = Phase::handshake;
      socket_layer().expires_after(limits_.read_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close_now();
                                self->read_header();
                              });
    } else {
      read_header();
    }
  }

  void read_header() {
    // Checking the registry too means no ordering of the shutdown message and
    // this call can leave a connection waiting for its idle timeout.
    if (shutting_down_ || registry_.closing()) return close_gracefully();
    parser_.emplace();
    parser_->header_limit(limits_.max_header_bytes);
    parser_->body_limit(limits_.max_body_bytes);
    // The first request must arrive within the read timeout; later ones may
    // wait the idle (keep-alive) timeout.
    socket_layer().expires_after(requests_served_ == 0 ? limits_.read_timeout : limits_.idle_timeout);
    // Bytes already buffered mean the next request has begun arriving.
    phase_ = buffer_.size() == 0 ? Phase::waiting : Phase::reading;
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              self->phase_ = Phase::reading;
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    const auto& header = parser_->get();
    if (auto it = header.find(http::field::expect); it != header.end()) {
      if (!beast::iequals(it->value(), "100-continue")) {
        return reply_malformed(http::status::expectation_failed, "unsupported Expect header");
      }
      // curl and others wait for this before sending a large body.
      continue_response_.emplace(http::status::continue_, header.version());
      socket_layer().expires_after(limits_.write_timeout);
      http::async_write(stream_, *continue_response_,
                        [self = this->shared_from_this()](beast::error_code wec, size_t) {
                          if (wec) return self->close_now();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    socket_layer().expires_after(limits_.read_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_read_error(ec);
      self->serve();
    });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      return close_now();
    }
    if (ec == http::error::body_limit) {
      return reply_malformed(http::status::payload_too_large,
                             "request body exceeds the limit of " + std::to_string(limits_.max_body_bytes) +
                                 " bytes (server.limits.max_request_body_bytes)");
    }
    if (ec == http::error::header_limit) {
      return reply_malformed(http::status::request_header_fields_too_large,
                             "request headers exceed the limit of " + std::to_string(limits_.max_header_bytes) +
                                 " bytes (server.limits.max_header_bytes)");
    }
    if (ec == http::error::partial_message || ec.category() != http::make_error_code(http::error::bad_target).category()) {
      return close_now();  // the client went away mid-request or the socket failed: nobody to answer
    }
    reply_malformed(http::status::bad_request, "malformed HTTP request: " + ec.message());
  }

  void serve() {
    phase_ = Phase::serving;
    auto request = std::make_shared<HttpRequest>(parser_->release());
    if (pipeline_.runs_long(*request)) {
      // Handled on a thread of its own, answered back on this strand. No
      // read happens meanwhile: the socket stays ours to poll.
      const bool started = long_requests_.run([self = this->shared_from_this(), request] {
        HttpResponse response = self->pipeline_.handle(*request, self->remote_, self->client_gone_probe());
        asio::post(self->stream_.get_executor(),
                   [self, response = std::move(response)]() mutable { self->answer(std::move(response)); });
      });
      if (started) return;
    }
    answer(pipeline_.handle(*request, remote_, client_gone_probe()));
  }

  // True once the client closed its side, or the server is shutting down.
  std::function<bool()> client_gone_probe() {
    return [fd = socket_layer().socket().native_handle(), &threads = long_requests_] {
      return threads.stopping() || peer_closed(fd);
    };
  }

  void answer(HttpResponse response) {
    response_.emplace(std::move(response));
    ++requests_served_;
    if (shutting_down_) response_->keep_alive(false);
    write_response();
  }

  void reply_malformed(http::status status, const std::string& message) {
    response_.emplace(pipeline_.malformed(status, message, remote_));
    write_response();
  }

  void write_response() {
    phase_ = Phase::writing;
    socket_layer().expires_after(limits_.write_timeout);
    http::async_write(stream_, *response_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->close_now();
      bool keep_alive = self->response_->keep_alive();
      self->response_.reset();
      if (!keep_alive) return self->close_gracefully();
      self->read_header();
    });
  }

  void close_gracefully() {
    phase_ = Phase::closing;
    if constexpr (kTls) {
      socket_layer().expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->close_now(); });
    } else {
      // Closing with unread input makes the kernel send a reset, which can
      // destroy the response we just sent (a 413 before the body was read).
      // So: send FIN, then read and discard until the client closes, briefly.
      beast::error_code ec;
      socket_layer().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
      if (ec) return close_now();
      socket_layer().expires_after(std::chrono::seconds(2));
      drain();
    }
  }

  void drain() {
    drain_buffer_.resize(4096);
    socket_layer().async_read_some(asio::buffer(drain_buffer_),
                                   [self = this->shared_from_this()](beast::error_code ec, size_t) {
                                     if (ec) return self->close_now();
                                     self->drain();
                                   });
  }

  void close_now() {
    beast::error_code ec;
    socket_layer().socket().close(ec);
  }

  Stream stream_;
  RequestPipeline& pipeline_;
  SessionRegistry& registry_;
  LongRequestThreads& long_requests_;
  SessionLimits limits_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::vector<char> drain_buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_response_;
  std::optional<HttpResponse> response_;
  uint64_t requests_served_ = 0;
  std::atomic<Phase> phase_{Phase::waiting};
  bool shutting_down_ = false;
};

}  // namespace vigil::api
