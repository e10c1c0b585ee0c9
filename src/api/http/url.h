#pragma once
// Request-target handling: split path and query, percent-decoding, and
// application/x-www-form-urlencoded parameters (query strings and POST bodies).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::api {

struct Target {
  std::string path;   // decoded
  std::string query;  // raw, without '?'
};

// Fails for a target that is not origin-form ("/path?query") or has bad escapes.
Result<Target> parse_target(std::string_view target);

// Decodes %XX escapes; with `plus_is_space` also '+' (form encoding).
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The other way: names and values %XX-escaped except letters, digits and
// `-._~`, as Go's url.Values.Encode and curl --data-urlencode write them.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& params);

// "a=1&b=2&a=3" -> {a:1, a:3, b:2}; fails on bad escapes, naming the parameter.
Result<std::multimap<std::string, std::string>> parse_form(std::string_view text);

}  // namespace vigil::api
