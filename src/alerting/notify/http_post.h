#pragma once
// POSTs one body as Prometheus's HTTP client configuration says (basic auth,
// Authorization, TLS, proxy, redirects), within a deadline; a status of any
// kind is an answer, only a failure to get one is an error.

#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "alerting/config.h"
#include "alerting/notify/curl_easy.h"
#include "core/error.h"

namespace vigil::alerting::notify {

struct HttpPost {
  std::string url;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // "Content-Type", "application/json"
};

struct HttpAnswer {
  long status = 0;
  std::string body;  // the first kMaxAnswerBody bytes
};

inline constexpr size_t kMaxAnswerBody = 64 * 1024;

// The User-Agent of Vigil's notifications, "Vigil/<version>", where
// Alertmanager sends "Alertmanager/<version>".
std::string user_agent();

// Secrets in files are read at each call. Errors never name the URL.
Result<HttpAnswer> http_post(const HttpConfig& config, const HttpPost& post, Deadline deadline,
                             const std::stop_token& stop);

}  // namespace vigil::alerting::notify
