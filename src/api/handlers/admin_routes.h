#pragma once
// Prometheus's TSDB admin API, served only when enabled (--enable-admin-api
// or server.admin_api): it deletes data and fills the disk with snapshots.
//
// POST|PUT /api/v1/admin/tsdb/snapshot?skip_head=<bool>: 200 with the
//   snapshot's name; the copy is in <data>/snapshots/<name>/.
// POST|PUT /api/v1/admin/tsdb/delete_series?match[]=<selector>&start=&end=:
//   204; deletes the samples in [start, end] of the series any selector picks.
// POST|PUT /api/v1/admin/tsdb/clean_tombstones: 204; rewrites blocks without
//   their deleted samples.

#include "api/http/router.h"
#include "storage/database.h"

namespace vigil::api {

void add_admin_routes(Router& router, storage::Database& database);

// The same paths answering as Prometheus does when the admin API is off:
// 500 with errorType "unavailable" and "admin APIs disabled".
void add_disabled_admin_routes(Router& router);

}  // namespace vigil::api
