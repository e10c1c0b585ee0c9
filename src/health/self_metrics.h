#pragma once
// Metrics about the Vigil process itself, computed when /metrics is scraped.

#include "vigil/log/logger.h"
#include "vigil/metrics/registry.h"

namespace vigil::health {

// process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_virtual_memory_max_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds, process_threads.
// Read from /proc/self at every collection; a read failure is logged and the
// process families are left out of that scrape rather than reported wrong.
void register_process_metrics(metrics::Registry& registry, log::Logger logger);

// vigil_build_info{version,revision,branch,compiler,build_type} 1.
void register_build_info(metrics::Registry& registry);

}  // namespace vigil::health
