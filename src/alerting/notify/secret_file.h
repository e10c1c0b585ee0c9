#pragma once
// Files that configurations name for secrets and URLs (password_file,
// credentials_file, url_file, ...), read at each use so that a rotated
// secret is picked up, as Prometheus's HTTP client does.

#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil::alerting::notify {

// The file's content with surrounding white space trimmed; `what` names it
// in the error ("unable to read <what> file <path>").
Result<std::string> read_secret_file(const std::string& path, std::string_view what);

}  // namespace vigil::alerting::notify
