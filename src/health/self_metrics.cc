#include "health/self_metrics.h"

#include <string>
#include <utility>

#include "core/build_info.h"
#include "health/process_stats.h"

namespace vigil::health {
namespace {

metrics::MetricFamily single(std::string name, std::string help, metrics::MetricType type, double value,
                             std::vector<metrics::Label> labels = {}) {
  metrics::MetricFamily family;
  family.name = std::move(name);
  family.help = std::move(help);
  family.type = type;
  family.points.push_back({std::move(labels), value});
  return family;
}

}  // namespace

void register_process_metrics(metrics::Registry& registry, log::Logger logger) {
  auto units = read_proc_units();
  if (!units) {
    logger.warn("process metrics disabled", {{"error", units.error().message}});
    return;
  }
  registry.add_collector([units = *units, logger = std::move(logger)](std::vector<metrics::MetricFamily>& out) {
    auto stats = read_process_stats("/proc/self", units);
    if (!stats) {
      logger.warn("cannot read process metrics", {{"error", stats.error().message}});
      return;
    }
    using metrics::MetricType;
    out.push_back(single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                         MetricType::counter, stats->cpu_seconds));
    out.push_back(single("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::gauge,
                         static_cast<double>(stats->resident_bytes)));
    out.push_back(single("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::gauge,
                         static_cast<double>(stats->virtual_bytes)));
    out.push_back(single("process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.",
                         MetricType::gauge, stats->max_virtual_bytes));
    out.push_back(single("process_open_fds", "Number of open file descriptors.", MetricType::gauge,
                         static_cast<double>(stats->open_fds)));
    out.push_back(single("process_max_fds", "Maximum number of open file descriptors.", MetricType::gauge,
                         stats->max_fds));
    out.push_back(single("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                         MetricType::gauge, stats->start_time_seconds));
    out.push_back(single("process_threads", "Number of OS threads in the process.", MetricType::gauge,
                         static_cast<double>(stats->threads)));
  });
}

void register_build_info(metrics::Registry& registry) {
  const BuildInfo& info = build_info();
  registry.add_collector([&info](std::vector<metrics::MetricFamily>& out) {
    out.push_back(single("vigil_build_info",
                         "A metric with a constant '1' value labeled by version, revision, branch, compiler and build type from which vigil was built.",
                         metrics::MetricType::gauge, 1,
                         {{"branch", std::string(info.branch)},
                          {"build_type", std::string(info.build_type)},
                          {"compiler", std::string(info.compiler)},
                          {"revision", std::string(info.revision)},
                          {"version", std::string(info.version)}}));
  });
}

}  // namespace vigil::health
