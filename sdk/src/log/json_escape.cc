// JSON string escaping that also repairs UTF-8, so that a log line is always
// one valid JSON object on one line whatever bytes the input holds.

#include <cstddef>
#include <cstdint>

#include "vigil/log/logger.h"

namespace vigil::log {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kHex[] = "0123456789abcdef";

void append_u00(std::string& out, unsigned char c) {
  out += "\\u00";
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// The allowed range of the second byte of a sequence led by `lead`
// (Unicode Table 3-7); later continuation bytes are always 80..BF. This
// excludes overlongs (E0 80.., F0 80..), surrogates (ED A0..) and code
// points above U+10FFFF (F4 90..).
struct Lead {
  int length;  // 0: not a valid lead byte
  unsigned char second_lo;
  unsigned char second_hi;
};

Lead classify(unsigned char b) {
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};
  if (b == 0xED) return {3, 0x80, 0x9F};
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

// Copies the valid multi-byte sequence at text[i] and returns its length, or
// appends U+FFFD for its maximal invalid prefix (one replacement per
// "maximal subpart", as Unicode recommends) and returns that prefix's length.
std::size_t append_multibyte(std::string& out, std::string_view text, std::size_t i) {
  const auto lead = classify(static_cast<unsigned char>(text[i]));
  if (lead.length == 0) {
    out += kReplacement;
    return 1;
  }
  std::size_t n = 1;
  for (; n < static_cast<std::size_t>(lead.length); ++n) {
    if (i + n >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[i + n]);
    const unsigned char lo = n == 1 ? lead.second_lo : 0x80;
    const unsigned char hi = n == 1 ? lead.second_hi : 0xBF;
    if (c < lo || c > hi) break;
  }
  if (n < static_cast<std::size_t>(lead.length)) {
    out += kReplacement;
    return n;
  }
  const std::string_view seq = text.substr(i, n);
  // U+2028 and U+2029 are valid JSON but end lines in JavaScript and in
  // some log viewers.
  if (seq == "\xE2\x80\xA8") {
    out += "\\u2028";
  } else if (seq == "\xE2\x80\xA9") {
    out += "\\u2029";
  } else {
    out += seq;
  }
  return n;
}

bool is_plain_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F && c != '"' && c != '\\'; }

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // Copy runs of ordinary characters at once: the common case.
    const std::size_t start = i;
    while (i < text.size() && is_plain_ascii(static_cast<unsigned char>(text[i]))) ++i;
    out.append(text, start, i - start);
    if (i == text.size()) break;

    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      i += append_multibyte(out, text, i);
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        append_u00(out, c);  // the other controls and DEL
    }
    ++i;
  }
}

}  // namespace vigil::log
