#pragma once
// Silences in the JSON of Alertmanager 0.25's v2 API: postableSilence bodies
// read with go-swagger's checks and messages, gettableSilence written with
// its field order.

#include <expected>
#include <string>
#include <string_view>

#include "alerting/silences.h"
#include "api/http/openapi_body.h"
#include "api/http/types.h"
#include "core/json_writer.h"

namespace vigil::api {

// A body Alertmanager refuses before looking at the silence: 400 for JSON it
// cannot decode into the model, 422 for a model that fails validation (code
// 602 "X in body is required", 612 "matchers in body should have at least 1
// items"). Answered as {"code":..,"message":..}.
OpenApiBody<alerting::PostableSilence> read_postable_silence(std::string_view body);

// {"id","status":{"state"},"updatedAt","comment","createdBy","endsAt",
//  "matchers":[{"isEqual","isRegex","name","value"}],"startsAt"}
void write_gettable_silence(JsonWriter& out, const alerting::Silence& silence, alerting::SilenceState state);

}  // namespace vigil::api
