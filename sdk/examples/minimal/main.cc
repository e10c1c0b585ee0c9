// Counts simulated jobs, times them in a histogram, logs each as a JSON line
// and serves the metrics on http://127.0.0.1:9464/metrics until interrupted.
// With --once it does one round, prints its exposition and exits.

#include <csignal>
#include <cstdio>
#include <string_view>
#include <thread>

#include "vigil/export/metrics_endpoint.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/log/logger.h"
#include "vigil/metrics/registry.h"

namespace {

volatile std::sig_atomic_t stop = 0;

}  // namespace

int main(int argc, char** argv) {
  bool once = argc > 1 && std::string_view(argv[1]) == "--once";
  vigil::log::Logger logger;
  vigil::metrics::Registry registry;
  // Keep the children: the hot path then does no lookup.
  auto& jobs = registry.counter("jobs_total", "Jobs processed.", {"outcome"});
  vigil::metrics::Counter& succeeded = jobs.with({"ok"});
  vigil::metrics::Histogram& duration =
      registry.histogram("job_duration_seconds", "Time per job.", {}, {0.01, 0.1, 1}, "seconds").with({});

  auto endpoint = vigil::exporter::MetricsEndpoint::start(registry, {.port = once ? uint16_t{0} : uint16_t{9464}});
  if (!endpoint) {
    logger.error("cannot serve metrics", {{"error", endpoint.error()}});
    return 1;
  }
  logger.info("serving metrics", {{"port", (*endpoint)->port()}});

  std::signal(SIGINT, [](int) { stop = 1; });
  std::signal(SIGTERM, [](int) { stop = 1; });
  do {
    succeeded.inc();
    duration.observe(0.042);
    logger.info("job done", {{"outcome", "ok"}});
    if (!once) std::this_thread::sleep_for(std::chrono::seconds(1));
  } while (!once && !stop);

  if (once) {
    std::string text;
    vigil::exposition::write_exposition(text, registry.collect(), vigil::exposition::Format::prometheus_text);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}
