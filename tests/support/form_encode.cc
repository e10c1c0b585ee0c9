#include "support/form_encode.h"

#include <cctype>
#include <cstdio>

namespace vigil::testing {

std::string form_encode(const FormParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    for (const std::string* text : {&name, &value}) {
      for (unsigned char c : *text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
          out += static_cast<char>(c);
        } else {
          char hex[4];
          std::snprintf(hex, sizeof hex, "%%%02X", c);
          out += hex;
        }
      }
      if (text == &name) out += '=';
    }
  }
  return out;
}

}  // namespace vigil::testing
