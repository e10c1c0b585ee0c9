#pragma once
// Sends one message through an SMTP smarthost with libcurl, as Alertmanager's
// email notifier talks to it: implicit TLS on port 465, else STARTTLS when
// require_tls (and failing when the server does not offer it), EHLO with
// `hello`, AUTH when a username is configured.

#include <stop_token>
#include <string>
#include <vector>

#include "alerting/config.h"
#include "alerting/notify/curl_easy.h"
#include "core/error.h"

namespace vigil::alerting::notify {

struct SmtpServer {
  std::string smarthost;  // host:port
  std::string hello = "localhost";
  bool require_tls = true;
  TlsConfig tls;
  // PLAIN or LOGIN with the password; CRAM-MD5 with the secret when no
  // password is given.
  std::string auth_username, auth_password, auth_identity, auth_secret;
};

struct SmtpEnvelope {
  std::string from;             // an address, no display name
  std::vector<std::string> to;  // likewise
};

// `message` is the whole message, headers and body, with CRLF line ends.
Result<void> smtp_send(const SmtpServer& server, const SmtpEnvelope& envelope, const std::string& message,
                       Deadline deadline, const std::stop_token& stop);

}  // namespace vigil::alerting::notify
