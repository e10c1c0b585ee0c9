#include "promql/engine/go_float.h"

#include <cctype>
#include <cstdlib>
#include <limits>
#include <string>

namespace vigil::promql::engine {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  return true;
}

}  // namespace

std::optional<double> parse_go_float(std::string_view text) {
  std::string_view body = text;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) body.remove_prefix(1);
  if (iequals(body, "inf") || iequals(body, "infinity") || iequals(body, "nan")) {
    const double special =
        iequals(body, "nan") ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
    return text[0] == '-' ? -special : special;
  }
  // Only digits, a point, exponents and hex digits from here: strtod would
  // also take spaces and C's nan(...) forms, which Go refuses.
  const bool hex = body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  std::string cleaned(text.substr(0, text.size() - body.size()));
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '_' && hex) continue;  // Go allows digit separators in prefixed literals
    const bool allowed =
        std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
        ((c == '+' || c == '-') && i > 0) ||
        (hex && (std::isxdigit(static_cast<unsigned char>(c)) || c == 'x' || c == 'X' || c == 'p' || c == 'P'));
    if (!allowed) return std::nullopt;
    cleaned += c;
  }
  if (body.empty() || (hex && cleaned.find_first_of("pP") == std::string::npos)) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(cleaned.c_str(), &end);
  if (end != cleaned.c_str() + cleaned.size()) return std::nullopt;
  return value;  // overflow gives ±Inf and underflow 0, as in Go
}

}  // namespace vigil::promql::engine
