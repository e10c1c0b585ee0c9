#pragma once
// Alertmanager 0.25's v2 API for silences, answering as it does (bodies,
// field order, status codes, error texts), so that amtool and Grafana's
// Alertmanager data source work against Vigil:
//
// GET    /api/v2/silences[?filter=<matcher>...]  200 [gettableSilence...]
//        filter: silences having each given matcher (same name, type, value);
//        a bad one is 400 with the parser's message as a JSON string.
// POST   /api/v2/silences   body postableSilence   200 {"silenceID":"<uuid>"}
//        400/422 for bad bodies ({"code":..,"message":..}) and invalid
//        silences ("..." as a JSON string), 404 "silence not found" for an
//        unknown id, 415 unless Content-Type is application/json.
// GET    /api/v2/silence/:silenceID   200 gettableSilence, 404 empty
// DELETE /api/v2/silence/:silenceID   200 empty; 500 "silence not found" (as
//        0.25 answers); a malformed id is 422 code 601 on both.
//
// The lead wires it into `vigil serve`: add_alertmanager_silence_routes(router,
// *silences) with silences from alerting::Silences::open.

#include "alerting/silences.h"
#include "api/http/router.h"

namespace vigil::api {

void add_alertmanager_silence_routes(Router& router, alerting::Silences& silences);

}  // namespace vigil::api
