#include "cli/rule_settings.h"

#include <filesystem>
#include <thread>

namespace vigil::cli {

Result<rules::RuleSchedulerOptions> rule_scheduler_options(const config::Config& config) {
  const config::RulesConfig& rules = config.rules;
  rules::RuleSchedulerOptions options;
  options.defaults.interval_ms = rules.evaluation_interval.count();
  options.defaults.query_offset_ms = rules.query_offset.count();
  options.defaults.resend_delay_ms = rules.resend_delay.count();
  options.restore.outage_tolerance_ms = rules.for_outage_tolerance.count();
  options.restore.grace_period_ms = rules.for_grace_period.count();
  std::vector<storage::Label> external;
  for (const auto& [name, value] : rules.external_labels) external.push_back({name, value});
  auto labels = storage::LabelSet::from(std::move(external));
  if (!labels) return std::unexpected(labels.error());
  options.external_labels = std::move(*labels);
  options.external_url = rules.external_url;
  options.workers = std::max(2U, std::thread::hardware_concurrency());
  return options;
}

std::vector<std::string> rule_file_patterns(const config::Config& config) {
  const std::filesystem::path base =
      config.source.empty() ? std::filesystem::path() : std::filesystem::path(config.source).parent_path();
  std::vector<std::string> patterns;
  for (const auto& pattern : config.rule_files) {
    const std::filesystem::path path(pattern);
    patterns.push_back(path.is_absolute() || base.empty() ? pattern : (base / path).string());
  }
  return patterns;
}

}  // namespace vigil::cli
