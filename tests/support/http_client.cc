#include "support/http_client.h"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <functional>
#include <thread>

namespace vigil::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

template <class Stream>
std::optional<HttpResult> exchange(Stream& stream, const HttpCall& call, int port) {
  http::request<http::string_body> req{http::string_to_verb(call.method), call.target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : call.headers) req.set(k, v);
  req.body() = call.body;
  if (!call.body.empty() || call.method == "POST" || call.method == "PUT") req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  parser.skip(call.method == "HEAD");
  http::read(stream, buffer, parser);
  auto res = parser.release();
  HttpResult result;
  result.status = static_cast<int>(res.result_int());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers.emplace(name, std::string(field.value()));
  }
  result.body = std::move(res.body());
  return result;
}

}  // namespace

std::optional<HttpResult> http_request(int port, const HttpCall& call) {
  try {
    asio::io_context ioc;
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    if (call.tls) {
      asio::ssl::context ctx(asio::ssl::context::tls_client);
      ctx.set_verify_mode(asio::ssl::verify_none);
      beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(stream).connect(endpoint);
      stream.handshake(asio::ssl::stream_base::client);
      auto result = exchange(stream, call, port);
      beast::error_code ec;
      stream.shutdown(ec);
      return result;
    }
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(endpoint);
    auto result = exchange(stream, call, port);
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return result;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<HttpResult> http_get(int port, const std::string& target, std::map<std::string, std::string> headers) {
  HttpCall call;
  call.target = target;
  call.headers = std::move(headers);
  return http_request(port, call);
}

std::optional<HttpResult> https_get(int port, const std::string& target) {
  HttpCall call;
  call.target = target;
  call.tls = true;
  return http_request(port, call);
}

std::optional<HttpResult> post_json(int port, const std::string& target, const std::string& body) {
  HttpCall call;
  call.method = "POST";
  call.target = target;
  call.headers["Content-Type"] = "application/json";
  call.body = body;
  return http_request(port, call);
}

std::string raw_exchange(int port, const std::string& bytes, std::chrono::milliseconds timeout) {
  // Asynchronous reads, because only those honour a deadline: a server that
  // keeps the connection open must not hang the test.
  std::string received;
  try {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    asio::write(socket, asio::buffer(bytes));
    std::array<char, 4096> chunk;
    std::function<void(boost::system::error_code, size_t)> on_read = [&](boost::system::error_code ec, size_t n) {
      received.append(chunk.data(), n);
      if (!ec) socket.async_read_some(asio::buffer(chunk), on_read);
    };
    socket.async_read_some(asio::buffer(chunk), on_read);
    ioc.run_for(timeout);
  } catch (const std::exception&) {
  }
  return received;
}

std::optional<HttpResult> post_remote_write(int port, std::string body) {
  HttpCall call;
  call.method = "POST";
  call.target = "/api/v1/write";
  call.headers = {{"Content-Type", "application/x-protobuf"},
                  {"Content-Encoding", "snappy"},
                  {"X-Prometheus-Remote-Write-Version", "0.1.0"}};
  call.body = std::move(body);
  return http_request(port, call);
}

bool wait_http_ready(int port, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto ready = http_get(port, "/-/ready");
    if (ready && ready->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace vigil::testing
