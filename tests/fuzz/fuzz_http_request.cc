// Arbitrary bytes as an HTTP request stream through Beast's parser (with the
// server's limits) and the RequestPipeline with the real status routes.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstdint>
#include <cstdlib>

#include "api/handlers/status_routes.h"
#include "api/http/request_pipeline.h"

namespace {

struct Fixture {
  vigil::metrics::Registry registry;
  vigil::api::HttpMetrics metrics{registry};
  vigil::api::Router router;
  vigil::api::RequestPipeline pipeline;

  static vigil::config::AuthConfig auth() {
    vigil::config::AuthConfig a;
    a.bearer_tokens = {"token"};
    return a;
  }
  Fixture()
      : pipeline(router, std::move(vigil::api::Authenticator::create(auth()).value()), metrics,
                 vigil::log::Logger("fuzz", std::make_shared<vigil::log::MemorySink>(), vigil::log::Level::error,
                                    std::make_shared<vigil::log::Redactor>()),
                 true) {
    vigil::api::add_status_routes(router, registry, [] { return true; });
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  namespace http = boost::beast::http;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Several requests may come back to back on one connection.
  while (!input.empty()) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(64 * 1024);
    parser.eager(true);
    boost::system::error_code ec;
    size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
    if (!ec && !parser.is_done()) {
      parser.put_eof(ec);
    }
    if (ec || !parser.is_done() || used == 0) break;
    auto response = fixture.pipeline.handle(parser.get(), "127.0.0.1:1");
    if (response.result_int() < 200 || response.result_int() > 599) std::abort();
    input.remove_prefix(used);
  }
  return 0;
}
