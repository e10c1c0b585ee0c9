#include "template/number_literal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "core/go_text.h"

namespace vigil::tmpl {
namespace {

// Go's underscoreOK: '_' only between digits, or after a base prefix.
bool underscores_ok(std::string_view s) {
  char previous = '^';  // '^' start, '0' digit or prefix, '_' underscore, '!' other
  size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) i = 1;
  bool hex = false;
  if (s.size() >= i + 2 && s[i] == '0') {
    char b = static_cast<char>(s[i + 1] | 0x20);
    if (b == 'x' || b == 'o' || b == 'b') {
      hex = b == 'x';
      i += 2;
      previous = '0';
    }
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    const bool digit = (c >= '0' && c <= '9') || (hex && std::isxdigit(static_cast<unsigned char>(c)));
    if (digit) {
      previous = '0';
    } else if (c == '_') {
      if (previous != '0') return false;
      previous = '_';
    } else {
      if (previous == '_') return false;
      previous = '!';
    }
  }
  return previous != '_';
}

std::string without_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// strconv.ParseInt/ParseUint with base 0: 0x, 0o, 0b and a leading 0 for
// octal. Sets `overflow` when the digits are valid but too large.
bool parse_integer(std::string_view text, bool& negative, unsigned long long& magnitude, bool& overflow) {
  std::string s = without_underscores(text);
  size_t i = 0;
  negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  int base = 10;
  if (s.size() > i + 1 && s[i] == '0') {
    char b = static_cast<char>(s[i + 1] | 0x20);
    if (b == 'x') {
      base = 16, i += 2;
    } else if (b == 'o') {
      base = 8, i += 2;
    } else if (b == 'b') {
      base = 2, i += 2;
    } else {
      base = 8, i += 1;
    }
  }
  magnitude = 0;
  overflow = false;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 99;
    if (d >= base) return false;
    if (magnitude > (~0ULL - static_cast<unsigned>(d)) / static_cast<unsigned>(base)) overflow = true;
    magnitude = magnitude * static_cast<unsigned>(base) + static_cast<unsigned>(d);
  }
  return true;
}

bool parse_float(std::string_view text, double& value) {
  std::string s = without_underscores(text);
  const bool hex = s.find("0x") != std::string::npos || s.find("0X") != std::string::npos;
  // Go requires a 'p' exponent in a hexadecimal float.
  if (hex && s.find_first_of("pP") == std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return false;
  return errno != ERANGE || std::abs(value) > 1;  // underflow to 0 is fine, as in Go
}

}  // namespace

Result<std::unique_ptr<NumberNode>> parse_number_literal(size_t pos, std::string_view text, bool is_char) {
  auto node = std::make_unique<NumberNode>(pos, std::string(text));
  auto fail = [&](std::string message) -> Result<std::unique_ptr<NumberNode>> {
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  };
  if (is_char) {
    auto decoded = unquote_go(text);
    if (!decoded) {
      // One valid character followed by more is "malformed"; a bad escape
      // is "invalid syntax" (Go's UnquoteChar then the parser's check).
      std::string_view body = text.substr(1, text.size() >= 2 ? text.size() - 2 : 0);
      size_t unit = 1;
      if (!body.empty() && body[0] == '\\' && body.size() > 1) {
        const char kind = body[1];
        unit = kind == 'x' ? 4 : kind == 'u' ? 6 : kind == 'U' ? 10 : (kind >= '0' && kind <= '7') ? 4 : 2;
      } else if (!body.empty()) {
        uint32_t rune = 0;
        unit = std::max<size_t>(1, decode_utf8(body, 0, rune));
      }
      std::string first = "'";
      first += body.substr(0, unit);
      first += '\'';
      if (unit < body.size() && unquote_go(first)) return fail(fmt::format("malformed character constant: {}", text));
      return fail("invalid syntax");
    }
    uint32_t rune = static_cast<unsigned char>((*decoded)[0]);
    if (decode_utf8(*decoded, 0, rune) != decoded->size()) {
      // A byte escape such as '\xff' is the byte's value.
      if (decoded->size() != 1) return fail(fmt::format("malformed character constant: {}", text));
    }
    node->int_value = rune;
    node->float_value = rune;
    return node;
  }
  if (text.ends_with("i")) return fail(fmt::format("complex constants are not supported: {}", quote_go_string(text)));
  if (!underscores_ok(text)) return fail(fmt::format("illegal number syntax: {}", quote_go_string(text)));
  bool negative = false, overflow = false;
  unsigned long long magnitude = 0;
  const bool hex_int = (text.find("0x") != std::string_view::npos || text.find("0X") != std::string_view::npos) &&
                       text.find_first_of("pP") == std::string_view::npos;
  const bool looks_float = !hex_int && text.find_first_of(".eEpP") != std::string_view::npos;
  if (!looks_float && parse_integer(text, negative, magnitude, overflow)) {
    if (overflow) return fail(fmt::format("integer overflow: {}", quote_go_string(text)));
    const unsigned long long limit = negative ? (1ULL << 63) : (1ULL << 63) - 1;
    if (magnitude > limit) {
      if (negative) return fail(fmt::format("illegal number syntax: {}", quote_go_string(text)));
      node->overflows_int = true;
    } else {
      node->int_value = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    }
    node->float_value = negative ? -static_cast<double>(magnitude) : static_cast<double>(magnitude);
    return node;
  }
  double value = 0;
  if (!parse_float(text, value)) return fail(fmt::format("illegal number syntax: {}", quote_go_string(text)));
  if (!looks_float) return fail(fmt::format("integer overflow: {}", quote_go_string(text)));
  node->is_float = true;
  node->float_value = value;
  return node;
}

}  // namespace vigil::tmpl
