#pragma once
// GET /api/v1/rules and /api/v1/alerts: the loaded rule groups with their
// rules' health and alerts, and the active alerts, as Prometheus 2.42
// answers them.

#include "api/http/router.h"
#include "rules/rule_scheduler.h"

namespace vigil::api {

void add_rules_routes(Router& router, const rules::RuleScheduler& scheduler);

}  // namespace vigil::api
