#include <fmt/core.h>

#include "alerting/config.h"
#include "alerting/notify/notification_templates.h"
#include "cli/alerting_setup.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/scrape_configs.h"
#include "config/loader.h"
#include "rules/rule_file.h"

namespace vigil::cli {


int run_check_config(const std::string& file, const std::optional<std::string>& profile) {
  config::LoadOptions options;
  options.file = file;
  options.profile = profile;
  options.env = config::process_environment();
  auto loaded = config::load(options);
  if (!loaded) {
    fmt::print(stderr, "{}: FAILED\n{}\n", file, loaded.error().message);
    return kExitUsageOrConfig;
  }
  if (auto scrape = scrape_configs_of(*loaded); !scrape) {
    fmt::print(stderr, "{}: FAILED\n{}\n", file, scrape.error().message);
    return kExitUsageOrConfig;
  }
  if (auto alerting = alerting_config_of(*loaded); !alerting) {
    fmt::print(stderr, "{}: FAILED\n{}\n", file, alerting.error().message);
    return kExitUsageOrConfig;
  }
  fmt::print(stderr, "{}: SUCCESS\n", file);
  fmt::print("{}", config::to_yaml(*loaded));
  return kExitOk;
}

int run_check_rules(const std::vector<std::string>& files) {
  // promtool's report: one block per file, every problem of a bad one.
  bool all_good = true;
  for (const auto& file : files) {
    fmt::print("Checking {}\n", file);
    auto loaded = rules::load_rule_file(file);
    if (!loaded) {
      all_good = false;
      fmt::print(stderr, "  FAILED:\n{}\n\n", loaded.error().message);
      continue;
    }
    size_t count = 0;
    for (const auto& group : loaded->groups) count += group.rules.size();
    fmt::print("  SUCCESS: {} rules found\n\n", count);
  }
  return all_good ? kExitOk : kExitUsageOrConfig;
}

int run_check_alerting(const std::vector<std::string>& files) {
  // amtool check-config's report: a block per file, a count of what was
  // found, exit code 1 when any file is invalid.
  size_t failed = 0;
  for (const auto& file : files) {
    auto loaded = alerting::load_alerting_config(file);
    if (loaded) {
      // Template files and notifier texts, which Alertmanager parses when it loads.
      if (auto templates = alerting::notify::check_notification_templates(*loaded); !templates)
        loaded = std::unexpected(templates.error());
    }
    if (!loaded) {
      ++failed;
      fmt::print("Checking '{}'  FAILED: {}\n\n", file, loaded.error().message);
      continue;
    }
    fmt::print("Checking '{}'  SUCCESS\nFound:\n", file);
    fmt::print(" - global config\n - route\n - {} inhibit rules\n - {} receivers\n - {} templates\n\n",
               loaded->inhibit_rules.size(), loaded->receivers.size(), loaded->templates.size());
  }
  if (failed == 0) return kExitOk;
  fmt::print(stderr, "vigil: error: failed to validate {} file(s)\n", failed);
  return kExitCheckFailed;
}

}  // namespace vigil::cli
