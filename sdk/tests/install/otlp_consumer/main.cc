// Links against the installed vigil::sdk_otlp and runs an exporter whose
// endpoint refuses connections: it must stop within its shutdown timeout.
#include <chrono>
#include <cstdio>

#include "vigil/export/otlp_exporter.h"
#include "vigil/metrics/registry.h"

int main() {
  vigil::metrics::Registry registry;
  registry.counter("pushes_total", "Pushes.").with({}).inc();
  vigil::exporter::OtlpExporterOptions options;
  options.endpoint = "http://127.0.0.1:1/v1/metrics";
  options.logger = vigil::log::Logger("otlp", nullptr, vigil::log::Level::info, nullptr);
  vigil::exporter::OtlpExporter exporter(registry, options);
  const bool exported = exporter.shutdown(std::chrono::milliseconds(200));
  std::printf("otlp_consumer exported=%d\n", exported ? 1 : 0);
  return 0;
}
