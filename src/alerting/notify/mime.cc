#include "alerting/notify/mime.h"

#include <fmt/format.h>

#include <ctime>

namespace vigil::alerting::notify {
namespace {

constexpr size_t kMaxLine = 76;

void append_hex(std::string& out, unsigned char c) { out += fmt::format("={:02X}", c); }

}  // namespace

std::string quoted_printable(std::string_view text) {
  std::string out;
  size_t line = 0;  // characters on the current output line
  auto put = [&](std::string_view piece) {
    // A soft line break ("=" CRLF) keeps every line within 76 characters.
    if (line + piece.size() > kMaxLine - 1) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += "\r\n";
      line = 0;
      continue;
    }
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    // Trailing space would be lost in transport; '=' and non-ASCII are escaped.
    const bool literal = (c >= '!' && c <= '~' && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      put(std::string_view(&text[i], 1));
    } else {
      std::string escaped;
      append_hex(escaped, c);
      put(escaped);
    }
  }
  return out;
}

std::string q_encode_header(std::string_view value) {
  bool plain = true;
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < ' ' && c != '\t') || c > '~') plain = false;
  }
  if (plain) return std::string(value);
  constexpr std::string_view kPrefix = "=?utf-8?q?", kSuffix = "?=";
  constexpr size_t kMaxWord = 75;
  std::string out, word;
  auto flush = [&] {
    if (!out.empty()) out += ' ';
    out += kPrefix;
    out += word;
    out += kSuffix;
    word.clear();
  };
  for (size_t i = 0; i < value.size();) {
    // A whole UTF-8 sequence stays in one encoded word.
    size_t n = 1;
    const auto lead = static_cast<unsigned char>(value[i]);
    if (lead >= 0xf0)
      n = 4;
    else if (lead >= 0xe0)
      n = 3;
    else if (lead >= 0xc0)
      n = 2;
    n = std::min(n, value.size() - i);
    std::string encoded;
    for (size_t k = 0; k < n; ++k) {
      const auto c = static_cast<unsigned char>(value[i + k]);
      if (c == ' ')
        encoded += '_';
      else if (c > ' ' && c <= '~' && c != '=' && c != '?' && c != '_')
        encoded += static_cast<char>(c);
      else
        append_hex(encoded, c);
    }
    if (!word.empty() && kPrefix.size() + word.size() + encoded.size() + kSuffix.size() > kMaxWord) flush();
    word += encoded;
    i += n;
  }
  flush();
  return out;
}

std::string rfc1123z_date(std::chrono::system_clock::time_point time) {
  const std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

}  // namespace vigil::alerting::notify
