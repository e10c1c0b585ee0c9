#pragma once
// The inside of a native histogram item `{{schema:1 count:2 buckets:[1 1]}}`,
// checked as upstream's parser checks it (known keys, each once, numbers
// where numbers go) but not decoded into a histogram: Vigil's storage has
// none, so callers refuse or skip what uses them. The schema is returned
// because `{{A}}+{{B}}xK` is refused when B's schema is lower than A's.

#include <expected>
#include <string>
#include <string_view>

namespace vigil::promql {

// `body` is the text between `{{` and `}}`. The schema (0 when not given).
std::expected<int, std::string> check_histogram_desc(std::string_view body);

}  // namespace vigil::promql
