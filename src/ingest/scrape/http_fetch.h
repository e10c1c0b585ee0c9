#pragma once
// One scrape's HTTP exchange: GET the target's URL with the headers
// Prometheus sends (Accept preferring OpenMetrics, gzip,
// X-Prometheus-Scrape-Timeout-Seconds), its credentials, within the scrape
// timeout, and hand back the decompressed body and its Content-Type.

#include <cstdint>
#include <string>

#include "core/duration.h"
#include "core/error.h"
#include "ingest/scrape/scrape_config.h"
#include "ingest/scrape/target.h"

namespace vigil::ingest::scrape {

struct FetchedBody {
  std::string content_type;
  std::string body;
};

// Fails with a message as Prometheus words it where it can ("server
// returned HTTP status 404 Not Found", "context deadline exceeded" for the
// timeout, "body size limit exceeded"). https targets are verified per the
// scrape config's tls_config: its CA (else the system's), the host name (or
// server_name, also sent as SNI), an optional client certificate.
Result<FetchedBody> fetch_target(const Target& target, const ScrapeConfig& config);

}  // namespace vigil::ingest::scrape
