#include "alerting/notify/curl_easy.h"

#include <curl/curl.h>

#include <mutex>

namespace vigil::alerting::notify {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

long tls_version(const std::string& min_version) {
  if (min_version == "TLS10") return CURL_SSLVERSION_TLSv1_0;
  if (min_version == "TLS11") return CURL_SSLVERSION_TLSv1_1;
  if (min_version == "TLS13") return CURL_SSLVERSION_TLSv1_3;
  return CURL_SSLVERSION_TLSv1_2;  // Go's default minimum for clients
}

}  // namespace

UrlParts split_url(const std::string& url) {
  UrlParts parts;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return parts;
  parts.scheme = url.substr(0, scheme_end);
  const size_t authority_start = scheme_end + 3;
  const size_t authority_end = std::min(url.find_first_of("/?#", authority_start), url.size());
  std::string authority = url.substr(authority_start, authority_end - authority_start);
  parts.rest = url.substr(authority_end);
  if (const size_t at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  parts.authority = authority;
  size_t port_colon = authority.rfind(':');
  if (port_colon != std::string::npos && authority.find(']', port_colon) != std::string::npos)
    port_colon = std::string::npos;
  parts.host = authority.substr(0, port_colon);
  if (port_colon != std::string::npos) parts.port = authority.substr(port_colon + 1);
  if (parts.port.empty()) {
    if (parts.scheme == "https")
      parts.port = "443";
    else if (parts.scheme == "http")
      parts.port = "80";
    else if (parts.scheme == "smtps")
      parts.port = "465";
    else if (parts.scheme == "smtp")
      parts.port = "25";
  }
  return parts;
}

CurlEasy::CurlEasy() {
  global_init_once();
  handle_ = curl_easy_init();
  if (!handle_) return;
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_);
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
}

CurlEasy::~CurlEasy() {
  if (handle_) curl_easy_cleanup(handle_);
  curl_slist_free_all(connect_to_);
}

Result<std::string> CurlEasy::apply_tls(const TlsConfig& tls, const std::string& url) {
  curl_easy_setopt(handle_, CURLOPT_SSLVERSION, tls_version(tls.min_version));
  if (tls.insecure_skip_verify) {
    curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(handle_, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!tls.ca_file.empty()) curl_easy_setopt(handle_, CURLOPT_CAINFO, tls.ca_file.c_str());
  if (!tls.cert_file.empty()) {
    curl_easy_setopt(handle_, CURLOPT_SSLCERT, tls.cert_file.c_str());
    curl_easy_setopt(handle_, CURLOPT_SSLKEY, tls.key_file.c_str());
  }
  if (tls.server_name.empty()) return url;
  const UrlParts parts = split_url(url);
  if (parts.host.empty() || parts.host == tls.server_name) return url;
  // The request goes to server_name (SNI and certificate checks) while the
  // connection goes to the URL's host.
  const std::string connect_to = tls.server_name + ":" + parts.port + ":" + parts.host + ":" + parts.port;
  connect_to_ = curl_slist_append(connect_to_, connect_to.c_str());
  curl_easy_setopt(handle_, CURLOPT_CONNECT_TO, connect_to_);
  std::string rewritten = parts.scheme;
  rewritten += "://";
  rewritten += tls.server_name;
  rewritten += ':';
  rewritten += parts.port;
  rewritten += parts.rest;
  return rewritten;
}

void CurlEasy::limit(Deadline deadline, const std::stop_token& stop) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  // 0 would mean "no limit" to libcurl.
  curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(left.count(), 1)));
  stop_ = stop;
  curl_easy_setopt(handle_, CURLOPT_XFERINFOFUNCTION, &CurlEasy::progress);
  curl_easy_setopt(handle_, CURLOPT_XFERINFODATA, this);
  curl_easy_setopt(handle_, CURLOPT_NOPROGRESS, 0L);
}

int CurlEasy::progress(void* self, long long, long long, long long, long long) {
  return static_cast<CurlEasy*>(self)->stop_.stop_requested() ? 1 : 0;
}

Result<void> CurlEasy::perform() {
  error_[0] = '\0';
  const CURLcode code = curl_easy_perform(handle_);
  code_ = code;
  if (code == CURLE_OK) return {};
  std::string message = error_[0] ? error_ : curl_easy_strerror(code);
  if (code == CURLE_ABORTED_BY_CALLBACK) message = "stopped: Vigil is shutting down";
  return std::unexpected(make_error(ErrorKind::unavailable, message));
}

}  // namespace vigil::alerting::notify
