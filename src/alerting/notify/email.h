#pragma once
// The email integration: the message Alertmanager 0.25 sends (configured
// headers Q-encoded, Message-Id, Date, multipart/alternative with a text
// part then an HTML part, both quoted-printable), through smtp_send.

#include <map>
#include <string>

#include "alerting/config.h"
#include "alerting/notify/mail_address.h"
#include "alerting/notify/notifier.h"

namespace vigil::alerting::notify {

// An email configuration's texts, expanded for one notification.
struct EmailMessage {
  std::string from, to;                        // address lists as configured
  std::map<std::string, std::string> headers;  // Subject, To, From, ... in canonical form
  std::string text, html;                      // empty: that part is left out
};

Result<EmailMessage> expand_email(const EmailConfig& config, const Notification& notification,
                                  const ExpandText& expand);

// The message as sent after DATA. `boundary` and `message_id` are random in
// use; tests pass fixed ones.
std::string email_data(const EmailMessage& message, std::chrono::system_clock::time_point now,
                       const std::string& boundary, const std::string& message_id);

class EmailNotifier : public Notifier {
 public:
  EmailNotifier(EmailConfig config, ExpandText expand) : config_(std::move(config)), expand_(std::move(expand)) {}
  Attempt send(const Notification& notification, Deadline deadline, const std::stop_token& stop) override;

 private:
  EmailConfig config_;
  ExpandText expand_;
};

}  // namespace vigil::alerting::notify
