#pragma once
// Liveness, readiness, self-metrics and build information.

#include <functional>

#include "api/http/router.h"
#include "vigil/metrics/registry.h"

namespace vigil::api {

// GET|HEAD /-/healthy: 200 while the process serves HTTP.
// GET|HEAD /-/ready: 200 once `ready()` is true (the server accepts work), else 503.
// GET /metrics: the registry in Prometheus text format 0.0.4.
// GET /api/v1/status/buildinfo: Prometheus's build information shape.
void add_status_routes(Router& router, const metrics::Registry& registry, std::function<bool()> ready);

}  // namespace vigil::api
