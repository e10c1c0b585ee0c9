#include "core/go_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace vigil {
namespace {

std::string hex_escape(const char* prefix, uint32_t value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%0*x", prefix, width, value);
  return buf;
}

// Code points Go's unicode.IsPrint rejects that a query plausibly holds: the
// C1 controls, the soft hyphen, line/paragraph separators and the BOM.
bool is_printable(uint32_t rune) {
  if (rune < 0x20 || rune == 0x7F) return false;
  if (rune >= 0x80 && rune < 0xA0) return false;
  return rune != 0xAD && rune != 0x2028 && rune != 0x2029 && rune != 0xFEFF;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  uint32_t rune = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t n = decode_utf8(text, i, rune);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t decode_utf8(std::string_view text, size_t i, uint32_t& rune) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b0 = byte(i);
  size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) return 0;
  if (len == 1) {
    rune = b0;
    return 1;
  }
  rune = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    rune = (rune << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (rune < kMin[len] || rune > 0x10FFFF || (rune >= 0xD800 && rune < 0xE000)) return 0;
  return len;
}

namespace {

void append_escaped(std::string& out, uint32_t rune, char quote) {
  switch (rune) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    case '\\':
      out += "\\\\";
      return;
    default:
      break;
  }
  if (rune == static_cast<uint32_t>(quote)) {
    out += '\\';
    out += quote;
  } else if (rune < 0x80 && !is_printable(rune)) {
    out += hex_escape("\\x", rune, 2);
  } else if (!is_printable(rune)) {
    out += rune < 0x10000 ? hex_escape("\\u", rune, 4) : hex_escape("\\U", rune, 8);
  } else {
    append_utf8(out, rune);
  }
}

}  // namespace

void append_utf8(std::string& out, uint32_t rune) {
  if (rune < 0x80) {
    out += static_cast<char>(rune);
  } else if (rune < 0x800) {
    out += static_cast<char>(0xC0 | (rune >> 6));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else if (rune < 0x10000) {
    out += static_cast<char>(0xE0 | (rune >> 12));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (rune >> 18));
    out += static_cast<char>(0x80 | ((rune >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (rune & 0x3F));
  }
}

std::string format_go_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  char sci[64];
  auto res = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  std::string_view s(sci, static_cast<size_t>(res.ptr - sci));
  std::string out;
  if (s.front() == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  size_t e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += exp < 0 ? "e-" : "e+";
    int abs_exp = exp < 0 ? -exp : exp;
    if (abs_exp < 10) out += '0';
    out += std::to_string(abs_exp);
    return out;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    out += digits;
    return out;
  }
  size_t int_len = static_cast<size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    out += digits;
    out.append(int_len - digits.size(), '0');
  } else {
    out += digits.substr(0, int_len);
    out += '.';
    out += digits.substr(int_len);
  }
  return out;
}

std::string quote_go_string(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    uint32_t rune = 0;
    size_t len = decode_utf8(text, i, rune);
    if (len == 0) {
      out += hex_escape("\\x", static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    append_escaped(out, rune, '"');
    i += len;
  }
  out += '"';
  return out;
}

std::string quote_go_rune(uint32_t rune) {
  std::string out = "'";
  append_escaped(out, rune, '\'');
  out += '\'';
  return out;
}

std::string format_go_unicode(uint32_t rune) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", rune);
  std::string out = buf;
  if (is_printable(rune)) {
    out += ' ';
    out += quote_go_rune(rune);
  }
  return out;
}

// strconv.FormatFloat(v, 'f', -1, 64) of a finite value: the shortest
// round-trip digits placed around the decimal point. (to_chars' own fixed
// form breaks ties toward the exact value, 2^60 as ...846976 where Go
// prints ...847000.)
char* write_go_float_fixed(char* out, double value) {
  char scientific[32];
  char* text = scientific;
  char* text_end = std::to_chars(scientific, scientific + sizeof scientific, value, std::chars_format::scientific).ptr;
  if (*text == '-') {
    *out++ = '-';
    ++text;
  }
  char digits[24];
  size_t count = 0;
  char* e = text;
  while (e < text_end && *e != 'e') {
    if (*e != '.') digits[count++] = *e;
    ++e;
  }
  int exponent = 0;
  std::from_chars(e + 1 + (e[1] == '+' ? 1 : 0), text_end, exponent);
  // The decimal point goes after digit number exponent + 1.
  const int point = exponent + 1;
  if (point <= 0) {
    *out++ = '0';
    *out++ = '.';
    out = std::fill_n(out, -point, '0');
    out = std::copy_n(digits, count, out);
  } else if (static_cast<size_t>(point) >= count) {
    out = std::copy_n(digits, count, out);
    out = std::fill_n(out, static_cast<size_t>(point) - count, '0');
  } else {
    out = std::copy_n(digits, point, out);
    *out++ = '.';
    out = std::copy_n(digits + point, count - static_cast<size_t>(point), out);
  }
  return out;
}

std::string format_go_float_fixed(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[kGoFloatFixedBuffer];
  return std::string(buffer, write_go_float_fixed(buffer, value));
}

}  // namespace vigil
