#include "health/process_stats.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace vigil::health {
namespace {

constexpr double kUnlimited = 18446744073709551616.0;  // 2^64, what Go's procfs reports

Error parse_error(std::string_view file, std::string_view why) {
  return make_error(ErrorKind::io, "cannot parse " + std::string(file) + ": " + std::string(why));
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(make_error(ErrorKind::io, "cannot read " + path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool to_u64(std::string_view text, uint64_t& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

}  // namespace

Result<void> parse_proc_stat(std::string_view content, const ProcUnits& units, ProcessStats& stats) {
  // The command name (field 2) is in parentheses and may itself contain
  // spaces and parentheses, so fields are counted from the last ')'.
  size_t close = content.rfind(')');
  if (close == std::string_view::npos) return std::unexpected(parse_error("stat", "no command name"));
  std::vector<std::string_view> fields;  // fields[0] is field 3 (state)
  size_t i = close + 1;
  while (i < content.size()) {
    while (i < content.size() && (content[i] == ' ' || content[i] == '\n')) ++i;
    size_t start = i;
    while (i < content.size() && content[i] != ' ' && content[i] != '\n') ++i;
    if (i > start) fields.push_back(content.substr(start, i - start));
  }
  // Field numbers from proc(5): utime 14, stime 15, num_threads 20, starttime 22, vsize 23, rss 24.
  auto field = [&](int number, uint64_t& out) { return to_u64(fields.size() > size_t(number - 3) ? fields[number - 3] : "", out); };
  uint64_t utime, stime, threads, start, vsize, rss;
  if (!field(14, utime) || !field(15, stime) || !field(20, threads) || !field(22, start) ||
      !field(23, vsize) || !field(24, rss)) {
    return std::unexpected(parse_error("stat", "missing or non-numeric fields"));
  }
  stats.cpu_seconds = static_cast<double>(utime + stime) / units.ticks_per_second;
  stats.threads = threads;
  stats.start_time_seconds = units.boot_time_seconds + static_cast<double>(start) / units.ticks_per_second;
  stats.virtual_bytes = vsize;
  stats.resident_bytes = rss * units.page_size;
  return {};
}

Result<void> parse_proc_limits(std::string_view content, ProcessStats& stats) {
  // Lines look like "Max open files            1024                 1048576              files".
  auto soft_limit = [&](std::string_view name) -> Result<double> {
    size_t at = content.find(name);
    if (at == std::string_view::npos) return std::unexpected(parse_error("limits", "no \"" + std::string(name) + "\" line"));
    size_t i = at + name.size();
    while (i < content.size() && content[i] == ' ') ++i;
    size_t start = i;
    while (i < content.size() && content[i] != ' ' && content[i] != '\n') ++i;
    std::string_view value = content.substr(start, i - start);
    if (value == "unlimited") return kUnlimited;
    uint64_t n;
    if (!to_u64(value, n)) return std::unexpected(parse_error("limits", "bad value for \"" + std::string(name) + "\""));
    return static_cast<double>(n);
  };
  auto fds = soft_limit("Max open files");
  if (!fds) return std::unexpected(fds.error());
  auto address_space = soft_limit("Max address space");
  if (!address_space) return std::unexpected(address_space.error());
  stats.max_fds = *fds;
  stats.max_virtual_bytes = *address_space;
  return {};
}

Result<double> parse_boot_time(std::string_view content) {
  size_t at = content.find("\nbtime ");
  if (at == std::string_view::npos) return std::unexpected(parse_error("/proc/stat", "no btime line"));
  size_t start = at + 7;
  size_t end = content.find('\n', start);
  uint64_t seconds;
  if (!to_u64(content.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start), seconds)) {
    return std::unexpected(parse_error("/proc/stat", "bad btime"));
  }
  return static_cast<double>(seconds);
}

Result<ProcUnits> read_proc_units() {
  ProcUnits units;
  long ticks = ::sysconf(_SC_CLK_TCK);
  long page = ::sysconf(_SC_PAGESIZE);
  if (ticks > 0) units.ticks_per_second = static_cast<double>(ticks);
  if (page > 0) units.page_size = static_cast<uint64_t>(page);
  auto stat = read_file("/proc/stat");
  if (!stat) return std::unexpected(stat.error());
  auto boot = parse_boot_time(*stat);
  if (!boot) return std::unexpected(boot.error());
  units.boot_time_seconds = *boot;
  return units;
}

Result<ProcessStats> read_process_stats(const std::string& proc_dir, const ProcUnits& units) {
  ProcessStats stats;
  auto stat = read_file(proc_dir + "/stat");
  if (!stat) return std::unexpected(stat.error());
  if (auto ok = parse_proc_stat(*stat, units, stats); !ok) return std::unexpected(ok.error());
  auto limits = read_file(proc_dir + "/limits");
  if (!limits) return std::unexpected(limits.error());
  if (auto ok = parse_proc_limits(*limits, stats); !ok) return std::unexpected(ok.error());
  std::error_code ec;
  for (std::filesystem::directory_iterator it(proc_dir + "/fd", ec), end; !ec && it != end; it.increment(ec)) {
    ++stats.open_fds;
  }
  if (ec) return std::unexpected(make_error(ErrorKind::io, "cannot list " + proc_dir + "/fd: " + ec.message()));
  return stats;
}

}  // namespace vigil::health
