#pragma once
// The few HTTP calls `vigil query` makes to a running server: a form POST to
// one of its API paths, answered with the status and body whatever they are
// (the API's errors are JSON bodies with 4xx/5xx statuses).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace vigil::cli {

struct ApiReply {
  unsigned status = 0;
  std::string body;
};

using FormParams = std::vector<std::pair<std::string, std::string>>;

// `server` is http://host[:port][/prefix]; `path` starts with '/'; `params`
// go form-encoded in the body. Fails (invalid_argument) for another scheme or
// a malformed URL, (io) when the server cannot be reached or answers nothing
// within `timeout`.
Result<ApiReply> post_form(const std::string& server, const std::string& path, const FormParams& params,
                           std::chrono::milliseconds timeout);

}  // namespace vigil::cli
