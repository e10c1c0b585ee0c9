#include "support/http_sink.h"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>

namespace vigil::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

std::string RecordedRequest::header(const std::string& lowercase_name) const {
  for (const auto& [name, value] : headers)
    if (name == lowercase_name) return value;
  return {};
}

HttpSink::HttpSink(std::vector<int> statuses, std::string answer_body, std::string cert_file, std::string key_file)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      statuses_(std::move(statuses)),
      answer_body_(std::move(answer_body)),
      cert_file_(std::move(cert_file)),
      key_file_(std::move(key_file)) {
  port_ = acceptor_.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { accept_loop(); });
}

HttpSink::~HttpSink() {
  stopping_ = true;
  boost::system::error_code ignored;
  // A blocked accept() is not woken by close(): connect to wake it.
  tcp::socket wake(io_);
  wake.connect(acceptor_.local_endpoint(), ignored);
  acceptor_thread_.join();
  acceptor_.close(ignored);
  {
    std::lock_guard lock(mutex_);
    for (auto& socket : open_) socket->shutdown(tcp::socket::shutdown_both, ignored);
  }
  for (auto& handler : handlers_) handler.join();
}

std::string HttpSink::url(const std::string& path) const {
  std::string url = cert_file_.empty() ? "http" : "https";
  url += "://127.0.0.1:" + std::to_string(port_);
  url += path;
  return url;
}

std::vector<RecordedRequest> HttpSink::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void HttpSink::accept_loop() {
  while (!stopping_) {
    boost::system::error_code error;
    tcp::socket socket(io_);
    acceptor_.accept(socket, error);
    if (error || stopping_) return;
    handlers_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
  }
}

void HttpSink::serve(tcp::socket plain) {
  auto socket = std::make_shared<tcp::socket>(std::move(plain));
  {
    std::lock_guard lock(mutex_);
    open_.push_back(socket);
  }
  if (cert_file_.empty()) return exchange(*socket);
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.use_certificate_chain_file(cert_file_);
  tls.use_private_key_file(key_file_, asio::ssl::context::pem);
  asio::ssl::stream<tcp::socket&> stream(*socket, tls);
  boost::system::error_code error;
  stream.handshake(asio::ssl::stream_base::server, error);
  if (!error) exchange(stream);
}

template <class Stream>
void HttpSink::exchange(Stream& stream) {
  boost::beast::flat_buffer buffer;
  while (!stopping_) {
    http::request<http::string_body> request;
    boost::system::error_code error;
    http::read(stream, buffer, request, error);
    if (error) return;
    RecordedRequest recorded{.method = std::string(request.method_string()),
                             .target = std::string(request.target()),
                             .body = request.body(),
                             .headers = {},
                             .received = std::chrono::steady_clock::now()};
    for (const auto& field : request) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](char c) { return std::tolower(c); });
      recorded.headers.emplace_back(name, std::string(field.value()));
    }
    int status = 200;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(std::move(recorded));
      const size_t i = std::min(requests_.size() - 1, statuses_.size() - 1);
      status = statuses_.empty() ? 200 : statuses_[i];
    }
    if (status == 0) {
      // Hang: read until the client gives up or the sink is destroyed.
      char byte;
      stream.read_some(asio::buffer(&byte, 1), error);
      return;
    }
    http::response<http::string_body> response(static_cast<http::status>(status), 11);
    response.body() = answer_body_;
    response.prepare_payload();
    http::write(stream, response, error);
    if (error) return;
  }
}

}  // namespace vigil::testing
