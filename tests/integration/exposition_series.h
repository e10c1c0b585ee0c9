#pragma once
// Series as one comparable line each, "name{a="x",b="y"} value" with the
// labels sorted by name: from a text exposition (what a scrape would store)
// and from an instant query's answer (what a server did store).

#include <map>
#include <set>
#include <string>

namespace vigil::testing {

// The samples of a text exposition, each with the labels a scrape target
// would add.
std::set<std::string> exposition_series(const std::string& exposition,
                                        const std::map<std::string, std::string>& target_labels);

// The instant vector that GET /api/v1/query answers for `query` on `port`
// (Vigil's or Prometheus's API).
std::set<std::string> queried_series(int port, const std::string& query);

}  // namespace vigil::testing
