#include "ingest/scrape/http_fetch.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

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

// The TLS settings of a scrape config, or the error that makes them unusable.
Result<void> configure_tls(asio::ssl::context& context, const TlsClientConfig& tls) {
  boost::system::error_code ec;
  if (tls.insecure_skip_verify) {
    context.set_verify_mode(asio::ssl::verify_none);
  } else {
    context.set_verify_mode(asio::ssl::verify_peer);
    if (tls.ca_file.empty()) {
      context.set_default_verify_paths(ec);
    } else {
      context.load_verify_file(tls.ca_file, ec);
    }
    if (ec) return std::unexpected(make_error(ErrorKind::invalid_config, "tls_config ca_file: " + ec.message()));
  }
  if (!tls.cert_file.empty()) {
    context.use_certificate_chain_file(tls.cert_file, ec);
    if (!ec) context.use_private_key_file(tls.key_file, asio::ssl::context::pem, ec);
    if (ec) return std::unexpected(make_error(ErrorKind::invalid_config, "tls_config cert_file/key_file: " + ec.message()));
  }
  return {};
}

}  // namespace

Result<FetchedBody> fetch_target(const Target& target, const ScrapeConfig& config) {
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
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(limit);
  beast::error_code failure;
  const char* stage = "connect";
  const auto [host, port] = split_host_port(target.address);
  const bool tls = target.scheme == "https";
  asio::ssl::context context(asio::ssl::context::tls_client);
  if (tls) {
    if (auto configured = configure_tls(context, config.tls_config); !configured) {
      return std::unexpected(configured.error());
    }
  }
  beast::tcp_stream plain(io);
  beast::ssl_stream<beast::tcp_stream> secure(io, context);
  beast::tcp_stream& socket = tls ? beast::get_lowest_layer(secure) : plain;
  // One deadline for the whole exchange; every step continues the chain.
  socket.expires_after(target.timeout);
  auto exchange = [&](auto& stream) {
    stage = "write";
    http::async_write(stream, request, [&](beast::error_code write_ec, size_t) {
      if (write_ec) {
        failure = write_ec;
        return;
      }
      stage = "read";
      http::async_read(stream, buffer, parser, [&](beast::error_code read_ec, size_t) { failure = read_ec; });
    });
  };
  resolver.async_resolve(host, port, [&](beast::error_code ec, const asio::ip::tcp::resolver::results_type& found) {
    if (ec) {
      failure = ec;
      stage = "resolve";
      return;
    }
    socket.async_connect(found, [&](beast::error_code connect_ec, const asio::ip::tcp::endpoint&) {
      if (connect_ec) {
        failure = connect_ec;
        return;
      }
      if (!tls) return exchange(plain);
      // The name the certificate must carry, and SNI.
      const std::string name = config.tls_config.server_name.empty() ? host : config.tls_config.server_name;
      SSL_set_tlsext_host_name(secure.native_handle(), name.c_str());
      if (!config.tls_config.insecure_skip_verify) {
        secure.set_verify_callback(asio::ssl::host_name_verification(name));
      }
      stage = "TLS handshake with";
      secure.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code handshake_ec) {
        if (handshake_ec) {
          failure = handshake_ec;
          return;
        }
        exchange(secure);
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
