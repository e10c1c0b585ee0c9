// Arbitrary bytes as an email configuration's `to`: the address list parser
// gives addresses or an error, never a crash; the MIME encoders of the
// message turn any text into 7-bit lines of at most 76 characters.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alerting/notify/mail_address.h"
#include "alerting/notify/mime.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = vigil::alerting::notify::parse_address_list(text);
  if (!list) {
    if (list.error().message.empty()) std::abort();
  } else {
    for (const auto& address : *list)
      if (address.address.find('@') == std::string::npos) std::abort();
  }
  const std::string qp = vigil::alerting::notify::quoted_printable(text);
  size_t line = 0;
  for (size_t i = 0; i < qp.size(); ++i) {
    const auto c = static_cast<unsigned char>(qp[i]);
    if (c >= 0x80 || (c < ' ' && c != '\r' && c != '\n' && c != '\t')) std::abort();
    line = c == '\n' ? 0 : line + 1;
    if (line > 77) std::abort();  // 76 plus the CR
  }
  for (char c : vigil::alerting::notify::q_encode_header(text))
    if (static_cast<unsigned char>(c) >= 0x80 || c == '\n' || c == '\r') std::abort();
  return 0;
}
