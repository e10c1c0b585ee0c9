#pragma once
// What the endpoint answers to one request: the exposition of the registry
// for GET or HEAD of the metrics path, an error status otherwise.

#include <string_view>

#include "http_request.h"
#include "http_response.h"
#include "vigil/metrics/registry.h"

namespace vigil::exporter {

// Collects the registry for a scrape; a collector that throws gives 500.
HttpResponse answer_scrape(const HttpRequest& request, const metrics::Registry& registry,
                           std::string_view metrics_path);

}  // namespace vigil::exporter
