#pragma once
// application/x-www-form-urlencoded, for query strings and form bodies in
// tests: the server's own encoder (api/http/url.h).

#include "api/http/url.h"

namespace vigil::testing {

using FormParams = std::vector<std::pair<std::string, std::string>>;
using api::form_encode;

}  // namespace vigil::testing
