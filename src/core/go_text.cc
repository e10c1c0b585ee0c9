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

std::string format_go_float_exponent(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // to_chars writes Go's form: shortest digits, a signed exponent of at
  // least two digits.
  char sci[64];
  auto res = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
  return std::string(sci, res.ptr);
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

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One escape sequence after a backslash at body[i]; appends its bytes and
// advances i past it. False when malformed.
bool unescape_one(std::string_view body, size_t& i, char quote, std::string& out) {
  if (i >= body.size()) return false;
  const char c = body[i++];
  switch (c) {
    case 'a':
      out += '\a';
      return true;
    case 'b':
      out += '\b';
      return true;
    case 'f':
      out += '\f';
      return true;
    case 'n':
      out += '\n';
      return true;
    case 'r':
      out += '\r';
      return true;
    case 't':
      out += '\t';
      return true;
    case 'v':
      out += '\v';
      return true;
    case '\\':
      out += '\\';
      return true;
    case '\'':
    case '"':
      if (c != quote) return false;
      out += c;
      return true;
    case 'x':
    case 'u':
    case 'U': {
      const size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      if (i + digits > body.size()) return false;
      uint32_t value = 0;
      for (size_t k = 0; k < digits; ++k) {
        int d = hex_digit(body[i + k]);
        if (d < 0) return false;
        value = value * 16 + static_cast<uint32_t>(d);
      }
      i += digits;
      if (c == 'x') {
        out += static_cast<char>(value);
        return true;
      }
      if (value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) return false;
      append_utf8(out, value);
      return true;
    }
    default:
      if (c < '0' || c > '7') return false;
      if (i + 2 > body.size()) return false;
      uint32_t value = static_cast<uint32_t>(c - '0');
      for (size_t k = 0; k < 2; ++k) {
        char d = body[i + k];
        if (d < '0' || d > '7') return false;
        value = value * 8 + static_cast<uint32_t>(d - '0');
      }
      if (value > 255) return false;
      i += 2;
      out += static_cast<char>(value);
      return true;
  }
}

}  // namespace

std::optional<std::string> unquote_go(std::string_view quoted) {
  if (quoted.size() < 2 || quoted.front() != quoted.back()) return std::nullopt;
  const char quote = quoted.front();
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  std::string out;
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    for (char c : body) {
      if (c != '\r') out += c;
    }
    return out;
  }
  if (quote != '"' && quote != '\'') return std::nullopt;
  size_t runes = 0;
  for (size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (c == quote || c == '\n') return std::nullopt;
    if (c == '\\') {
      ++i;
      if (!unescape_one(body, i, quote, out)) return std::nullopt;
    } else {
      uint32_t rune = 0;
      size_t len = decode_utf8(body, i, rune);
      if (len == 0) len = 1;
      out.append(body.substr(i, len));
      i += len;
    }
    ++runes;
  }
  if (quote == '\'' && runes != 1) return std::nullopt;
  return out;
}

namespace {

// Go's extract() takes unicode letters too; beyond ASCII every byte of a
// multi-byte sequence counts as part of a name.
bool is_group_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

int go_group_number(std::string_view name) {
  if (name.empty() || (name[0] == '0' && name.size() > 1)) return -1;
  int number = 0;
  for (char c : name) {
    if (c < '0' || c > '9' || number >= 100'000'000) return -1;
    number = number * 10 + (c - '0');
  }
  return number;
}

std::string expand_go_template(std::string_view templ,
                               const std::function<std::string_view(std::string_view name)>& group_text) {
  std::string out;
  while (!templ.empty()) {
    const size_t dollar = templ.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(templ.substr(0, dollar));
    templ.remove_prefix(dollar + 1);
    if (!templ.empty() && templ[0] == '$') {
      out += '$';
      templ.remove_prefix(1);
      continue;
    }
    const bool brace = !templ.empty() && templ[0] == '{';
    const size_t name_start = brace ? 1 : 0;
    size_t name_end = name_start;
    while (name_end < templ.size() && is_group_name_char(templ[name_end])) ++name_end;
    const bool closed = !brace || (name_end < templ.size() && templ[name_end] == '}');
    if (name_end == name_start || !closed) {
      out += '$';
      continue;
    }
    out.append(group_text(templ.substr(name_start, name_end - name_start)));
    templ.remove_prefix(name_end + (brace ? 1 : 0));
  }
  out.append(templ);
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

std::string format_go_duration(int64_t ms) {
  if (ms == 0) return "0s";
  std::string out = ms < 0 ? "-" : "";
  // Magnitude in unsigned arithmetic: INT64_MIN has no positive twin.
  const uint64_t abs_ms = ms < 0 ? 0 - static_cast<uint64_t>(ms) : static_cast<uint64_t>(ms);
  if (abs_ms < 1000) return out + std::to_string(abs_ms) + "ms";
  const uint64_t hours = abs_ms / 3'600'000;
  const uint64_t minutes = abs_ms / 60'000 % 60;
  if (hours > 0) out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0) out += std::to_string(minutes) + "m";
  out += std::to_string(abs_ms / 1000 % 60);
  if (uint64_t fraction = abs_ms % 1000; fraction != 0) {
    std::string digits = std::to_string(1000 + fraction).substr(1);
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  return out + "s";
}

}  // namespace vigil
