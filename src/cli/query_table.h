#pragma once
// `vigil query --format table`: one line per sample, as promtool prints
// query results: `up{instance="a:1", job="api"} => 1 @[1700000000]`;
// `scalar: 1 @[…]`, `string: "x" @[…]`. A matrix gives one line per point.

#include <string>

#include "promql/engine/engine.h"

namespace vigil::cli {

std::string query_table(const promql::QueryResult& result);

}  // namespace vigil::cli
