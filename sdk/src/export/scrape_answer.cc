#include "scrape_answer.h"

#include <exception>

#include "vigil/exposition/format.h"
#include "vigil/exposition/text_writer.h"

namespace vigil::exporter {
namespace {

HttpResponse plain(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(body);
  return response;
}

}  // namespace

HttpResponse answer_scrape(const HttpRequest& request, const metrics::Registry& registry,
                           std::string_view metrics_path) {
  if (request.path != metrics_path) return plain(404, "404 page not found\n");
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse response = plain(405, "405 method not allowed\n");
    response.headers.emplace_back("Allow", "GET, HEAD");
    return response;
  }
  if (request.has_body) return plain(400, "a scrape request has no body\n");
  exposition::Format format = exposition::negotiate(request.accept);
  HttpResponse response;
  try {
    exposition::write_exposition(response.body, registry.collect(), format);
  } catch (const std::exception& e) {
    return plain(500, std::string("collecting metrics failed: ") + e.what() + "\n");
  }
  response.headers.emplace_back("Content-Type", exposition::content_type(format));
  // Caches between scraper and endpoint must key on the negotiated format.
  response.headers.emplace_back("Vary", "Accept");
  return response;
}

}  // namespace vigil::exporter
