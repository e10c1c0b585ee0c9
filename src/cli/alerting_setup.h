#pragma once
// Vigil's alert delivery as `vigil serve` sets it up from the
// configuration: the Alertmanager configuration of the `alerting` section
// (its file or written inline; without one, every alert goes to a receiver
// "default" that notifies nobody but keeps them visible in the API), the
// integrations of its receivers, and the sink through which rules post
// their alerts.

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "alerting/alert_delivery.h"
#include "alerting/config.h"
#include "config/config.h"
#include "rules/alert_sink.h"

namespace vigil::cli {

// The Alertmanager configuration of `alerting`, nullopt when there is none.
Result<std::optional<alerting::AlertingConfig>> alerting_config_of(const config::Config& config);

struct LoadedAlerting {
  alerting::AlertingConfig config;
  alerting::ReceiverIntegrations integrations;
  std::string text;  // as written, for /api/v2/status
};

// Reads the configuration and builds its integrations; nothing changes on
// an error.
Result<LoadedAlerting> load_alerting(const config::Config& config);

// Keeps the text of the configuration in force for the status API.
class AlertingConfigText {
 public:
  void set(std::string text);
  std::string get() const;

 private:
  mutable std::mutex mu_;
  std::string text_;
};

// Rules' alerts into the delivery, as Prometheus would post them.
class DeliverySink final : public rules::AlertSink {
 public:
  explicit DeliverySink(alerting::AlertDelivery& delivery) : delivery_(delivery) {}
  void send(std::vector<rules::OutgoingAlert> alerts) override;

 private:
  alerting::AlertDelivery& delivery_;
};

}  // namespace vigil::cli
