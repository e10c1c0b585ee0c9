#pragma once
// PromQL's series selector, the part of the query language that the HTTP API's
// `match[]` parameters and the `vigil tsdb dump` tool take:
//
//   up                      metric name alone
//   up{job="a", zone!~"eu-.*"}
//   {__name__=~"http_.*", code="500",}
//
// Operators = != =~ !~; values quoted with "...", '...' (Go escapes) or
// `...` (raw). Like PromQL, a selector must hold at least one matcher that
// does not match the empty string, so that it cannot select every series.

#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/index/matcher.h"

namespace vigil::storage::index {

// The matchers of `text`, the metric name first as __name__="name". An error
// (invalid_argument) names the line and column and what was expected there:
// `1:5: unexpected "=" in label matching, expected string`.
Result<std::vector<Matcher>> parse_series_selector(std::string_view text);

}  // namespace vigil::storage::index
