#include "cli/api_client.h"

#include "api/http/url.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <charconv>

#include "core/build_info.h"

namespace vigil::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct ServerUrl {
  std::string host;
  std::string port;
  std::string prefix;  // "" or "/prefix" without a trailing '/'
};

Result<ServerUrl> parse_server(const std::string& server) {
  auto bad = [&](std::string why) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "--server \"" + server + "\": " + why));
  };
  constexpr std::string_view kScheme = "http://";
  if (!std::string_view(server).starts_with(kScheme)) {
    return bad(server.starts_with("https://") ? "https is not supported by vigil query yet; use http"
                                              : "expected http://host[:port]");
  }
  std::string_view rest = std::string_view(server).substr(kScheme.size());
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  ServerUrl url;
  if (slash != std::string_view::npos) url.prefix = std::string(rest.substr(slash));
  while (url.prefix.ends_with('/')) url.prefix.pop_back();
  url.port = "80";
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty() && authority.front() != ':') return bad("expected ':' after the IPv6 address");
    if (!authority.empty()) url.port = std::string(authority.substr(1));
  } else {
    const size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
  }
  if (url.host.empty()) return bad("no host");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
  if (ec != std::errc() || end != url.port.data() + url.port.size() || port == 0 || port > 65535) {
    return bad("the port must be a number from 1 to 65535");
  }
  return url;
}

}  // namespace

Result<ApiReply> post_form(const std::string& server, const std::string& path, const FormParams& params,
                           std::chrono::milliseconds timeout) {
  auto url = parse_server(server);
  if (!url) return std::unexpected(url.error());
  try {
    asio::io_context ioc;
    asio::ip::tcp::resolver resolver(ioc);
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.connect(resolver.resolve(url->host, url->port));

    http::request<http::string_body> request{http::verb::post, url->prefix + path, 11};
    request.set(http::field::host, url->host);
    request.set(http::field::user_agent, "vigil/" + std::string(build_info().version));
    request.set(http::field::content_type, "application/x-www-form-urlencoded");
    request.body() = api::form_encode(params);
    request.prepare_payload();
    http::write(stream, request);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ULL << 30);
    http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    return ApiReply{parser.get().result_int(), parser.get().body()};
  } catch (const boost::system::system_error& e) {
    const std::string why = e.code() == beast::error::timeout ? "no answer within the timeout" : e.code().message();
    return std::unexpected(make_error(ErrorKind::io, "cannot query " + server + ": " + why));
  }
}

}  // namespace vigil::cli
