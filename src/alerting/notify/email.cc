#include "alerting/notify/email.h"

#include <fmt/format.h>
#include <unistd.h>

#include <random>

#include "alerting/notify/mime.h"
#include "alerting/notify/smtp_send.h"

namespace vigil::alerting::notify {
namespace {

std::string random_hex(size_t bytes) {
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string out;
  for (size_t i = 0; i < bytes; ++i) out += fmt::format("{:02x}", static_cast<unsigned>(random() & 0xff));
  return out;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

void append_part(std::string& out, const std::string& boundary, std::string_view content_type, std::string_view body) {
  out += "\r\n--";
  out += boundary;
  out += "\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: ";
  out += content_type;
  out += "\r\n\r\n";
  out += quoted_printable(body);
}

}  // namespace

Result<EmailMessage> expand_email(const EmailConfig& config, const Notification& notification,
                                  const ExpandText& expand) {
  EmailMessage m;
  auto expanded = expand_texts({{config.from, m.from}, {config.to, m.to}, {config.text, m.text}, {config.html, m.html}},
                               notification, expand);
  if (!expanded) return std::unexpected(expanded.error());
  auto headers = expand_values(config.headers, notification, expand);
  if (!headers) return std::unexpected(headers.error());
  m.headers = std::move(*headers);
  // Alertmanager's configuration adds To and From headers from to and from.
  m.headers.try_emplace("To", m.to);
  m.headers.try_emplace("From", m.from);
  return m;
}

std::string email_data(const EmailMessage& message, std::chrono::system_clock::time_point now,
                       const std::string& boundary, const std::string& message_id) {
  std::string out;
  for (const auto& [name, value] : message.headers) out += fmt::format("{}: {}\r\n", name, q_encode_header(value));
  if (!message.headers.contains("Message-Id")) out += fmt::format("Message-Id: {}\r\n", message_id);
  out += fmt::format("Date: {}\r\n", rfc1123z_date(now));
  out += fmt::format("Content-Type: multipart/alternative;  boundary={}\r\n", boundary);
  out += "MIME-Version: 1.0\r\n";
  // The preferred alternative goes last (RFC 2046 5.1.4): HTML after text.
  if (!message.text.empty()) append_part(out, boundary, "text/plain; charset=UTF-8", message.text);
  if (!message.html.empty()) append_part(out, boundary, "text/html; charset=UTF-8", message.html);
  out += fmt::format("\r\n--{}--\r\n", boundary);
  return out;
}

Attempt EmailNotifier::send(const Notification& notification, Deadline deadline, const std::stop_token& stop) {
  auto message = expand_email(config_, notification, expand_);
  if (!message) return Attempt::give_up(message.error().message);
  auto from = parse_address_list(message->from);
  if (!from) return Attempt::give_up("parse 'from' addresses: " + from.error().message);
  if (from->size() != 1)
    return Attempt::give_up(fmt::format("must be exactly one 'from' address (got: {})", from->size()));
  auto to = parse_address_list(message->to);
  if (!to) return Attempt::give_up("parse 'to' addresses: " + to.error().message);

  SmtpEnvelope envelope{.from = from->front().address};
  for (const MailAddress& address : *to) envelope.to.push_back(address.address);
  const SmtpServer server{.smarthost = config_.smarthost,
                          .hello = config_.hello,
                          .require_tls = config_.require_tls,
                          .tls = config_.tls_config,
                          .auth_username = config_.auth_username,
                          .auth_password = config_.auth_password,
                          .auth_identity = config_.auth_identity,
                          .auth_secret = config_.auth_secret};
  const std::string message_id = fmt::format("<{}.{}@{}>", std::chrono::system_clock::now().time_since_epoch().count(),
                                             random_hex(8), host_name());
  const std::string data = email_data(*message, std::chrono::system_clock::now(), random_hex(30), message_id);
  if (auto sent = smtp_send(server, envelope, data, deadline, stop); !sent) return Attempt::retry(sent.error().message);
  return Attempt::delivered();
}

}  // namespace vigil::alerting::notify
