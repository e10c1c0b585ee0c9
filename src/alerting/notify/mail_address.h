#pragma once
// Address lists as Go's net/mail.ParseAddressList reads the `to` and `from`
// of an email configuration: "Ops <ops@example.com>, dev@example.com".
// Display names may be atoms or quoted strings; the address is what goes to
// the SMTP envelope. Groups, comments and encoded words are not supported
// and are reported as errors.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil::alerting::notify {

struct MailAddress {
  std::string name;     // display name, unquoted; may be empty
  std::string address;  // local@domain
};

Result<std::vector<MailAddress>> parse_address_list(std::string_view text);

}  // namespace vigil::alerting::notify
