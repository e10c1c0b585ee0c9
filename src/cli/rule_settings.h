#pragma once
// The rule scheduler's settings and rule file patterns from the
// configuration: patterns are relative to the configuration file's
// directory, as in Prometheus.

#include <string>
#include <vector>

#include "config/config.h"
#include "rules/rule_scheduler.h"

namespace vigil::cli {

Result<rules::RuleSchedulerOptions> rule_scheduler_options(const config::Config& config);
std::vector<std::string> rule_file_patterns(const config::Config& config);

}  // namespace vigil::cli
