#pragma once
// application/x-www-form-urlencoded, as Go's url.Values.Encode and curl
// --data-urlencode write it: for query strings and form bodies in tests.

#include <string>
#include <utility>
#include <vector>

namespace vigil::testing {

using FormParams = std::vector<std::pair<std::string, std::string>>;

std::string form_encode(const FormParams& params);

}  // namespace vigil::testing
