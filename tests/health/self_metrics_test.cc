#include "health/self_metrics.h"

#include <gtest/gtest.h>

#include <set>

namespace vigil::health {
namespace {

TEST(SelfMetrics, ProcessAndBuildInfoFamilies) {
  metrics::Registry registry;
  auto sink = std::make_shared<log::MemorySink>();
  register_process_metrics(registry, log::Logger("test", sink, log::Level::debug, std::make_shared<log::Redactor>()));
  register_build_info(registry);
  std::set<std::string> names;
  for (const auto& family : registry.collect()) names.insert(family.name);
  for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                           "process_virtual_memory_max_bytes", "process_open_fds", "process_max_fds",
                           "process_start_time_seconds", "process_threads", "vigil_build_info"}) {
    EXPECT_TRUE(names.contains(name)) << name;
  }
  EXPECT_TRUE(sink->lines().empty());
}

}  // namespace
}  // namespace vigil::health
