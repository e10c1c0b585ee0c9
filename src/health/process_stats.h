#pragma once
// Resource usage of a process as Linux reports it under /proc/<pid>/.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::health {

struct ProcessStats {
  double cpu_seconds = 0;          // user + system
  uint64_t resident_bytes = 0;
  uint64_t virtual_bytes = 0;
  double start_time_seconds = 0;   // Unix time
  uint64_t threads = 0;
  uint64_t open_fds = 0;
  double max_fds = 0;              // soft limit; 2^64 when unlimited, as Prometheus clients report
  double max_virtual_bytes = 0;    // soft limit; 2^64 when unlimited
};

// Units of /proc values, read once from the kernel.
struct ProcUnits {
  double ticks_per_second = 100;
  uint64_t page_size = 4096;
  double boot_time_seconds = 0;    // btime of /proc/stat
};

// Parses the content of /proc/<pid>/stat into `stats` (cpu, memory, threads, start time).
Result<void> parse_proc_stat(std::string_view content, const ProcUnits& units, ProcessStats& stats);
// Parses the content of /proc/<pid>/limits into `stats` (max fds, max address space).
Result<void> parse_proc_limits(std::string_view content, ProcessStats& stats);
// Parses "btime <seconds>" out of the content of /proc/stat.
Result<double> parse_boot_time(std::string_view proc_stat_content);

Result<ProcUnits> read_proc_units();
// Reads every statistic of the process whose /proc directory is `proc_dir`.
Result<ProcessStats> read_process_stats(const std::string& proc_dir, const ProcUnits& units);

}  // namespace vigil::health
