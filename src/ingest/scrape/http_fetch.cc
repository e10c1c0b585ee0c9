#include "ingest/scrape/http_fetch.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "core/base64.h"
#include "core/build_info.h"
#include "core/gzip.h"
#include "vigil/exposition/format.h"

namespace vigil::ingest::scrape {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Bodies larger than this are refused unless the scrape config sets its own limit.
constexpr uint64_t kDefaultBodyLimit = uint64_t{256} << 20;

Result<std::string> read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::io, fmt::format("cannot read {}", path)));
  std::stringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

// The Authorization header value, read afresh each scrape so that rotated secret files are picked up.
Result<std::string> authorization_header(const ScrapeConfig& config) {
  if (config.basic_auth) {
    std::string password = config.basic_auth->password;
    if (!config.basic_auth->password_file.empty()) {
      auto read = read_secret_file(config.basic_auth->password_file);
      if (!read) return std::unexpected(read.error());
      password = *read;
    }
    return "Basic " + base64_encode(config.basic_auth->username + ":" + password);
  }
  if (config.authorization) {
    std::string credentials = config.authorization->credentials;
    if (!config.authorization->credentials_file.empty()) {
      auto read = read_secret_file(config.authorization->credentials_file);
      if (!read) return std::unexpected(read.error());
      credentials = *read;
    }
    return config.authorization->type + " " + credentials;
  }
  return std::string();
}

std::pair<std::string, std::string> split_host_port(const std::string& address) {
  const size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, address.substr(colon + 1)};
}

}  // namespace

Result<FetchedBody> fetch_target(const Target& target, const ScrapeConfig& config) {
  if (target.scheme != "http") {
    return std::unexpected(make_error(ErrorKind::unavailable, "https targets are not supported yet"));
  }
  auto authorization = authorization_header(config);
  if (!authorization) return std::unexpected(authorization.error());

  http::request<http::empty_body> request{http::verb::get, target.path_and_query, 11};
  request.set(http::field::host, target.address);
  request.set(http::field::user_agent, fmt::format("Vigil/{}", build_info().version));
  request.set(http::field::accept, exposition::kScrapeAccept);
  request.set(http::field::accept_encoding, "gzip");
  request.set("X-Prometheus-Scrape-Timeout-Seconds",
              fmt::format("{}", std::chrono::duration<double>(target.timeout).count()));
  if (!authorization->empty()) request.set(http::field::authorization, *authorization);

  const uint64_t limit = config.body_size_limit > 0 ? config.body_size_limit : kDefaultBodyLimit;
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(limit);
  beast::error_code failure;
  const char* stage = "connect";
  // One deadline for the whole exchange; every step continues the chain.
  stream.expires_after(target.timeout);
  const auto [host, port] = split_host_port(target.address);
  resolver.async_resolve(host, port, [&](beast::error_code ec, const asio::ip::tcp::resolver::results_type& found) {
    if (ec) {
      failure = ec;
      stage = "resolve";
      return;
    }
    stream.async_connect(found, [&](beast::error_code connect_ec, const asio::ip::tcp::endpoint&) {
      if (connect_ec) {
        failure = connect_ec;
        return;
      }
      stage = "write";
      http::async_write(stream, request, [&](beast::error_code write_ec, size_t) {
        if (write_ec) {
          failure = write_ec;
          return;
        }
        stage = "read";
        http::async_read(stream, buffer, parser, [&](beast::error_code read_ec, size_t) { failure = read_ec; });
      });
    });
  });
  io.run();
  if (failure) {
    if (failure == beast::error::timeout) {
      return std::unexpected(make_error(ErrorKind::unavailable, "context deadline exceeded"));
    }
    if (failure == http::error::body_limit) {
      return std::unexpected(
          make_error(ErrorKind::unavailable, fmt::format("body size limit exceeded ({} bytes)", limit)));
    }
    return std::unexpected(
        make_error(ErrorKind::unavailable, fmt::format("{} {}: {}", stage, target.address, failure.message())));
  }
  auto& response = parser.get();
  if (response.result() != http::status::ok) {
    return std::unexpected(make_error(ErrorKind::unavailable,
                                      fmt::format("server returned HTTP status {} {}", response.result_int(),
                                                  std::string(response.reason()))));
  }
  FetchedBody fetched;
  fetched.content_type = std::string(response[http::field::content_type]);
  if (beast::iequals(response[http::field::content_encoding], "gzip")) {
    auto body = gzip_decompress(response.body(), limit);
    if (!body) {
      return std::unexpected(make_error(ErrorKind::unavailable, "decompressing the body: " + body.error().message));
    }
    fetched.body = std::move(*body);
  } else {
    fetched.body = std::move(response.body());
  }
  return fetched;
}

}  // namespace vigil::ingest::scrape
