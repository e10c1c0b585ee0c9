// Serves one gauge on a free port and prints the exposition.

#include <cstdio>

#include "vigil/export/metrics_endpoint.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

int main() {
  vigil::metrics::Registry registry;
  registry.gauge("subdirectory_build", "Built with add_subdirectory.").with({}).set(1);
  auto endpoint = vigil::exporter::MetricsEndpoint::start(registry);
  if (!endpoint) {
    std::fprintf(stderr, "%s\n", endpoint.error().c_str());
    return 1;
  }
  std::string text;
  vigil::exposition::write_exposition(text, registry.collect(), vigil::exposition::Format::prometheus_text);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
