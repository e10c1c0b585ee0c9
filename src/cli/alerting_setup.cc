#include "cli/alerting_setup.h"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "alerting/notify/notification_templates.h"
#include "alerting/notify/notifier.h"

namespace vigil::cli {
namespace {

constexpr const char* kDefaultConfig = "route:\n  receiver: default\nreceivers:\n  - name: default\n";

alerting::TimePoint from_ms(int64_t ms) { return alerting::TimePoint(std::chrono::milliseconds(ms)); }

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<std::optional<alerting::AlertingConfig>> alerting_config_of(const config::Config& config) {
  Result<alerting::AlertingConfig> read = std::unexpected(Error{});
  if (!config.alerting.config_file.empty()) {
    read = alerting::load_alerting_config(config.alerting.config_file);
  } else if (config.alerting.inline_config.size() > 0) {
    read = alerting::alerting_config_from_yaml(config.alerting.inline_config, config.source);
  } else {
    return std::nullopt;
  }
  if (!read) return std::unexpected(read.error());
  // Template files and notifier texts, which Alertmanager parses when it loads.
  if (auto templates = alerting::notify::check_notification_templates(*read); !templates) {
    return std::unexpected(templates.error());
  }
  return std::optional(std::move(*read));
}

Result<LoadedAlerting> load_alerting(const config::Config& config) {
  auto read = alerting_config_of(config);
  if (!read) return std::unexpected(read.error());
  LoadedAlerting loaded;
  if (*read) {
    loaded.config = std::move(**read);
    loaded.text = !config.alerting.config_file.empty() ? file_text(config.alerting.config_file)
                                                       : YAML::Dump(config.alerting.inline_config) + "\n";
  } else {
    auto fallback = alerting::parse_alerting_config(kDefaultConfig, "built-in");
    if (!fallback) return std::unexpected(fallback.error());
    loaded.config = std::move(*fallback);
    loaded.text = kDefaultConfig;
  }
  auto expand = alerting::notify::make_expand_text(loaded.config);
  if (!expand) return std::unexpected(expand.error());
  for (const auto& receiver : loaded.config.receivers) {
    auto& integrations = loaded.integrations[receiver.name];
    for (auto& integration : alerting::notify::build_integrations(receiver, *expand)) {
      integrations.push_back(std::make_shared<const alerting::notify::Integration>(std::move(integration)));
    }
  }
  return loaded;
}

void AlertingConfigText::set(std::string text) {
  std::lock_guard lock(mu_);
  text_ = std::move(text);
}

std::string AlertingConfigText::get() const {
  std::lock_guard lock(mu_);
  return text_;
}

void DeliverySink::send(std::vector<rules::OutgoingAlert> alerts) {
  std::vector<alerting::Alert> posted;
  posted.reserve(alerts.size());
  for (auto& outgoing : alerts) {
    alerting::Alert alert;
    for (const auto& label : outgoing.labels) alert.labels.emplace(label.name, label.value);
    for (auto& annotation : outgoing.annotations) {
      alert.annotations.emplace(std::move(annotation.name), std::move(annotation.value));
    }
    alert.starts_at = from_ms(outgoing.starts_at_ms);
    alert.ends_at = from_ms(outgoing.ends_at_ms);
    alert.generator_url = std::move(outgoing.generator_url);
    posted.push_back(std::move(alert));
  }
  delivery_.post(std::move(posted));
}

}  // namespace vigil::cli
