#pragma once
// Alertmanager 0.25's v2 API for alerts, answered from Vigil's alert
// delivery, so that Prometheus's `alerting.alertmanagers` and amtool work
// against Vigil:
//
// POST /api/v2/alerts          200 empty; 400 with Alertmanager's messages
//                              (the valid alerts of a body are kept, as 0.25 does)
// GET  /api/v2/alerts          gettableAlerts, by fingerprint; filter=<matcher>
//                              (repeated), active, silenced, inhibited,
//                              unprocessed (booleans), receiver (a regex)
// GET  /api/v2/alerts/groups   alertGroups, by group labels then receiver
// GET  /api/v2/status          cluster (disabled), config.original, uptime, versionInfo
// GET  /api/v2/receivers       the receivers, in configuration order

#include <functional>
#include <string>

#include "alerting/alert_delivery.h"
#include "api/http/router.h"

namespace vigil::api {

struct AlertmanagerStatus {
  std::function<std::string()> config_text;  // the configuration in force, as written
  int64_t started_ms = 0;
};

void add_alertmanager_alert_routes(Router& router, alerting::AlertDelivery& delivery, AlertmanagerStatus status);

}  // namespace vigil::api
