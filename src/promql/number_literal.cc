#include "promql/number_literal.h"

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/go_text.h"

namespace vigil::promql {

std::expected<double, std::string> parse_number_literal(std::string_view text) {
  const std::string s(text);
  auto error = [&](const char* why) {
    std::string message = "error parsing number: strconv.ParseFloat: parsing ";
    message += quote_go_string(s);
    message += ": ";
    message += why;
    return std::unexpected(std::move(message));
  };
  bool hex = s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  bool octal = s.size() > 1 && s[0] == '0' && !hex && s.find_first_not_of("01234567") == std::string::npos;
  if (hex || octal) {
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(s.c_str() + (hex ? 2 : 1), &end, hex ? 16 : 8);
    bool complete = end == s.c_str() + s.size() && s.size() > (hex ? 2u : 1u);
    if (complete && errno == 0 && v <= static_cast<unsigned long long>(std::numeric_limits<int64_t>::max())) {
      return static_cast<double>(static_cast<int64_t>(v));
    }
    // ParseFloat reads no hex without a 'p' exponent, which the lexer never
    // lets through; an octal integer out of range is read as a decimal float.
    if (hex) return error("invalid syntax");
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) return error("invalid syntax");
  if (errno == ERANGE && std::isinf(v)) return error("value out of range");
  return v;
}

}  // namespace vigil::promql
