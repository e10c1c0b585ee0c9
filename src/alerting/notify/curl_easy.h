#pragma once
// One libcurl easy handle per attempt (handles are not shared between
// threads), the process-wide curl_global_init done once, and the settings
// HTTP and SMTP share: TLS as Prometheus's tls_config describes it, a time
// limit, and aborting a transfer promptly when the caller is stopping.

#include <stop_token>
#include <string>

#include "alerting/config.h"
#include "alerting/notify/deadline.h"
#include "core/error.h"

typedef void CURL;
struct curl_slist;

namespace vigil::alerting::notify {

class CurlEasy {
 public:
  CurlEasy();
  ~CurlEasy();
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;

  CURL* get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }

  // Verification, CA, client certificate and minimum version. When
  // server_name is set, `host` (of the URL) is connected to while the
  // certificate is checked against server_name, which is how Go's
  // tls.Config.ServerName behaves. Returns the URL to request.
  Result<std::string> apply_tls(const TlsConfig& tls, const std::string& url);

  // Ends the transfer at `deadline`, or soon after `stop` is requested.
  void limit(Deadline deadline, const std::stop_token& stop);

  // Runs the transfer; a failure names what failed without the URL (which
  // may carry a secret, as Slack's webhook URLs do).
  Result<void> perform();
  // The CURLcode of the last perform().
  int code() const { return code_; }

 private:
  static int progress(void* self, long long, long long, long long, long long);

  CURL* handle_ = nullptr;
  std::stop_token stop_;
  int code_ = 0;
  char error_[256] = {};
  curl_slist* connect_to_ = nullptr;
};

// The scheme, host and port of a URL ("https", "example.com", "443"), enough
// to redirect a connection; the host is empty when the URL has none.
struct UrlParts {
  std::string scheme, host, port;  // port: the scheme's default when the URL has none
  std::string authority;           // host[:port] as written, without user information
  std::string rest;                // from the path on
};
UrlParts split_url(const std::string& url);

}  // namespace vigil::alerting::notify
