#pragma once
// Alerts in the JSON of Alertmanager 0.25's v2 API: postableAlerts bodies
// read with go-swagger's checks and Go's messages, gettableAlert written in
// its field order.

#include <string_view>
#include <vector>

#include "alerting/alert_delivery.h"
#include "api/http/openapi_body.h"
#include "core/json_writer.h"

namespace vigil::api {

// The alerts of a POST /api/v2/alerts body, as given (times unset when
// absent).
OpenApiBody<std::vector<alerting::Alert>> read_postable_alerts(std::string_view body);

// Alertmanager's Alert.Validate after empty labels are dropped: "" when
// valid, else its message ("at least one label pair required", "start time
// must be before end time", "invalid label set: invalid name \"0a\"").
std::string alert_problem(alerting::Alert& alert);

// {"annotations","endsAt","fingerprint","receivers":[{"name"}],"startsAt",
//  "status":{"inhibitedBy","silencedBy","state"},"updatedAt","generatorURL","labels"}
void write_gettable_alert(JsonWriter& out, const alerting::Alert& alert, const alerting::AlertStatus& status);

}  // namespace vigil::api
