#include "alerting/notify/smtp_send.h"

#include <curl/curl.h>

#include <cstring>

namespace vigil::alerting::notify {
namespace {

struct Upload {
  const std::string& data;
  size_t sent = 0;
};

size_t read_message(char* buffer, size_t size, size_t count, void* user) {
  auto& upload = *static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload.data.size() - upload.sent);
  std::memcpy(buffer, upload.data.data() + upload.sent, n);
  upload.sent += n;
  return n;
}

}  // namespace

Result<void> smtp_send(const SmtpServer& server, const SmtpEnvelope& envelope, const std::string& message,
                       Deadline deadline, const std::stop_token& stop) {
  const size_t colon = server.smarthost.rfind(':');
  if (colon == std::string::npos)
    return std::unexpected(make_error(ErrorKind::invalid_config, "smarthost \"" + server.smarthost + "\" has no port"));
  const bool implicit_tls = server.smarthost.substr(colon + 1) == "465";

  CurlEasy curl;
  if (!curl) return std::unexpected(make_error(ErrorKind::internal, "curl_easy_init failed"));
  CURL* h = curl.get();
  // The URL's path is the name EHLO (or HELO) announces.
  std::string url = implicit_tls ? "smtps://" : "smtp://";
  url += server.smarthost;
  url += '/';
  url += server.hello.empty() ? "localhost" : server.hello;  // Go's smtp.Client default
  auto tls_url = curl.apply_tls(server.tls, url);
  if (!tls_url) return std::unexpected(tls_url.error());
  curl_easy_setopt(h, CURLOPT_URL, tls_url->c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!implicit_tls && server.require_tls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));

  if (!server.auth_username.empty()) {
    const bool cram_md5 = server.auth_password.empty() && !server.auth_secret.empty();
    curl_easy_setopt(h, CURLOPT_USERNAME, server.auth_username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, cram_md5 ? server.auth_secret.c_str() : server.auth_password.c_str());
    curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, cram_md5 ? "AUTH=CRAM-MD5" : "AUTH=PLAIN;AUTH=LOGIN");
    if (!server.auth_identity.empty()) curl_easy_setopt(h, CURLOPT_SASL_AUTHZID, server.auth_identity.c_str());
  }

  const std::string from = "<" + envelope.from + ">";
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_slist* recipients = nullptr;
  for (const std::string& to : envelope.to) recipients = curl_slist_append(recipients, ("<" + to + ">").c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients);

  Upload upload{message};
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_message);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl.limit(deadline, stop);

  auto done = curl.perform();
  curl_slist_free_all(recipients);
  if (done) return {};
  std::string why = done.error().message;
  if (curl.code() == CURLE_USE_SSL_FAILED && !implicit_tls)
    why = "'require_tls' is true (default) but \"" + server.smarthost + "\" does not advertise the STARTTLS extension";
  return std::unexpected(make_error(ErrorKind::unavailable, "smtp " + server.smarthost + ": " + why));
}

}  // namespace vigil::alerting::notify
