// The email notifier against a fake SMTP server: envelope, headers, MIME
// parts, AUTH, STARTTLS, and a clear failure when STARTTLS is required but
// not offered.

#include "alerting/notify/email.h"

#include <gtest/gtest.h>

#include "alerting/notify/sample_notification.h"
#include "alerting/notify/smtp_sink.h"
#include "alerting/notify/test_certificate.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;
using testing::SmtpSink;
using testing::SmtpSinkOptions;

Result<std::string> as_written(const std::string& text, const Notification&) { return text; }

EmailConfig email_config(const std::string& smarthost) {
  EmailConfig config;
  config.to = "Ops Team <ops@example.com>, dev@example.com";
  config.from = "Vigil <vigil@example.com>";
  config.smarthost = smarthost;
  config.hello = "vigil.example";
  config.require_tls = false;
  config.headers = {{"Subject", "[FIRING:1] HighLatency (prod)"}};
  config.html = "<p>p99 &gt; 1s</p>";
  config.text = "p99 > 1s";
  return config;
}

Delivery send(const EmailConfig& config) {
  Integration email("email", 0, true, std::make_unique<EmailNotifier>(config, as_written));
  return email.notify(testing::sample_notification(), std::chrono::steady_clock::now() + 10s, {});
}

TEST(Email, MessageLayout) {
  EmailMessage message{.from = "a@b",
                       .to = "c@d",
                       .headers = {{"Subject", "Dépassé"}, {"To", "c@d"}, {"From", "a@b"}},
                       .text = "t",
                       .html = "<b>h</b>"};
  EXPECT_EQ(email_data(message, testing::at(0), "BOUNDARY", "<1.2@host>"),
            "From: a@b\r\n"
            "Subject: =?utf-8?q?D=C3=A9pass=C3=A9?=\r\n"
            "To: c@d\r\n"
            "Message-Id: <1.2@host>\r\n"
            "Date: Sun, 06 Dec 2026 09:00:00 +0000\r\n"
            "Content-Type: multipart/alternative;  boundary=BOUNDARY\r\n"
            "MIME-Version: 1.0\r\n"
            "\r\n--BOUNDARY\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
            "t"
            "\r\n--BOUNDARY\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Content-Type: text/html; charset=UTF-8\r\n\r\n"
            "<b>h</b>"
            "\r\n--BOUNDARY--\r\n");
}

TEST(Email, SendsThroughPlainSmtp) {
  SmtpSink sink({});
  const Delivery d = send(email_config(sink.smarthost()));
  ASSERT_TRUE(d.delivered) << d.last_error;
  const auto sessions = sink.sessions_when(1);
  ASSERT_EQ(sessions.size(), 1u);
  const auto& s = sessions[0];
  EXPECT_EQ(s.ehlo, "vigil.example");
  EXPECT_FALSE(s.tls);
  EXPECT_EQ(s.mail_from, "vigil@example.com");
  EXPECT_EQ(s.rcpt_to, (std::vector<std::string>{"ops@example.com", "dev@example.com"}));
  EXPECT_NE(s.data.find("Subject: [FIRING:1] HighLatency (prod)\r\n"), std::string::npos) << s.data;
  EXPECT_NE(s.data.find("To: Ops Team <ops@example.com>, dev@example.com\r\n"), std::string::npos) << s.data;
  EXPECT_NE(s.data.find("From: Vigil <vigil@example.com>\r\n"), std::string::npos) << s.data;
  EXPECT_NE(s.data.find("\r\nMessage-Id: <"), std::string::npos) << s.data;
  EXPECT_NE(s.data.find("Content-Type: text/plain; charset=UTF-8\r\n\r\np99 > 1s\r\n"), std::string::npos) << s.data;
  EXPECT_NE(s.data.find("Content-Type: text/html; charset=UTF-8\r\n\r\n<p>p99 &gt; 1s</p>\r\n"), std::string::npos);
  EXPECT_TRUE(s.auth_mechanism.empty());
}

TEST(Email, AuthenticatesWithPlain) {
  SmtpSink sink({.auth_mechanisms = "PLAIN"});
  EmailConfig config = email_config(sink.smarthost());
  config.auth_username = "alice";
  config.auth_password = "pa55";
  config.auth_identity = "ops";
  const Delivery d = send(config);
  ASSERT_TRUE(d.delivered) << d.last_error;
  const auto s = sink.sessions_when(1).at(0);
  EXPECT_EQ(s.auth_mechanism, "PLAIN");
  EXPECT_EQ(s.auth_username, "alice");
  EXPECT_EQ(s.auth_password, "pa55");
  EXPECT_EQ(s.auth_identity, "ops");
}

TEST(Email, RequiredStartTlsNotOfferedFailsClearly) {
  SmtpSink sink({});
  EmailConfig config = email_config(sink.smarthost());
  config.require_tls = true;
  Integration email("email", 0, true, std::make_unique<EmailNotifier>(config, as_written));
  // Retried, as Alertmanager retries it, until the deadline: long enough for
  // one attempt on a loaded machine.
  const Delivery d = email.notify(testing::sample_notification(), std::chrono::steady_clock::now() + 4s, {});
  EXPECT_FALSE(d.delivered);
  EXPECT_NE(d.last_error.find("'require_tls' is true (default) but \"" + sink.smarthost() +
                              "\" does not advertise the STARTTLS extension"),
            std::string::npos)
      << d.last_error;
  for (const auto& s : sink.sessions()) EXPECT_TRUE(s.mail_from.empty());
}

TEST(Email, UpgradesWithStartTls) {
  testing::TestCertificate certificate;
  if (!certificate.made()) GTEST_SKIP() << "openssl could not make a certificate";
  const std::string& cert = certificate.cert_file();
  const std::string& key = certificate.key_file();
  {
    SmtpSink sink({.offer_starttls = true, .auth_mechanisms = "LOGIN", .cert_file = cert, .key_file = key});
    EmailConfig config = email_config(sink.smarthost());
    config.require_tls = true;
    config.tls_config.ca_file = cert;
    config.tls_config.server_name = "localhost";
    config.auth_username = "bob";
    config.auth_password = "hunter2";
    const Delivery d = send(config);
    ASSERT_TRUE(d.delivered) << d.last_error;
    const auto s = sink.sessions_when(1).at(0);
    EXPECT_TRUE(s.tls);
    EXPECT_EQ(s.auth_mechanism, "LOGIN");
    EXPECT_EQ(s.auth_username, "bob");
    EXPECT_EQ(s.auth_password, "hunter2");
    EXPECT_EQ(s.rcpt_to.size(), 2u);

    // An unknown CA is refused.
    EmailConfig untrusted = config;
    untrusted.tls_config.ca_file = "/dev/null";
    Integration email("email", 0, true, std::make_unique<EmailNotifier>(untrusted, as_written));
    EXPECT_FALSE(email.notify(testing::sample_notification(), std::chrono::steady_clock::now() + 1s, {}).delivered);
  }
}

TEST(Email, BadAddressesAreNotRetried) {
  SmtpSink sink({});
  EmailConfig config = email_config(sink.smarthost());
  config.to = "not an address";
  const Delivery d = send(config);
  EXPECT_FALSE(d.delivered);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_NE(d.last_error.find("parse 'to' addresses: mail:"), std::string::npos) << d.last_error;
}

}  // namespace
}  // namespace vigil::alerting::notify
