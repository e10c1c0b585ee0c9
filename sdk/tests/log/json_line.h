#pragma once
// A strict parser for the log lines the Logger writes: one flat JSON object
// whose values are strings, numbers or booleans, on one line. Tests use it
// to prove that a line is valid JSON and to read its fields in order.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::log::testing {

struct JsonLine {
  // Keys in order; string values decoded, other values as their JSON text.
  std::vector<std::pair<std::string, std::string>> fields;

  const std::string* get(std::string_view key) const {
    for (const auto& [k, v] : fields) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

class JsonLineParser {
 public:
  explicit JsonLineParser(std::string_view text) : s_(text) {}

  std::optional<JsonLine> parse() {
    JsonLine line;
    if (!eat('{')) return std::nullopt;
    if (!eat('}')) {
      do {
        auto key = string();
        if (!key || !eat(':')) return std::nullopt;
        auto value = peek() == '"' ? string() : scalar();
        if (!value) return std::nullopt;
        line.fields.emplace_back(std::move(*key), std::move(*value));
      } while (eat(','));
      if (!eat('}')) return std::nullopt;
    }
    if (pos_ != s_.size()) return std::nullopt;
    return line;
  }

 private:
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::optional<std::string> string() {
    if (!eat('"')) return std::nullopt;
    std::string out;
    while (pos_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return out;
      if (c < 0x20) return std::nullopt;  // raw control characters are invalid JSON
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ == s_.size()) return std::nullopt;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return std::nullopt;
          uint32_t cp = 0;
          for (int i = 0; i < 4; ++i) {
            const char h = s_[pos_++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
              cp |= static_cast<uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
              cp |= static_cast<uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
              cp |= static_cast<uint32_t>(h - 'A' + 10);
            else
              return std::nullopt;
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) return std::nullopt;  // the logger never writes surrogates
          append_utf8(out, cp);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  // A number, true or false: kept as written, checked against JSON's grammar.
  std::optional<std::string> scalar() {
    for (std::string_view word : {"true", "false"}) {
      if (s_.substr(pos_, word.size()) == word) {
        pos_ += word.size();
        return std::string(word);
      }
    }
    const std::size_t start = pos_;
    eat('-');
    if (eat('0')) {
      if (peek() >= '0' && peek() <= '9') return std::nullopt;  // no leading zeros
    } else if (!digits()) {
      return std::nullopt;
    }
    if (eat('.') && !digits()) return std::nullopt;
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      if (!digits()) return std::nullopt;
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  bool digits() {
    const std::size_t start = pos_;
    while (peek() >= '0' && peek() <= '9') ++pos_;
    return pos_ > start;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

// Parses one line written by a Logger: it must end in exactly one '\n'.
inline std::optional<JsonLine> parse_log_line(std::string_view line) {
  if (line.empty() || line.back() != '\n') return std::nullopt;
  line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos) return std::nullopt;
  return JsonLineParser(line).parse();
}

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
inline bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n;
    uint32_t cp;
    if (b < 0x80) {
      n = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      n = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 4;
      cp = b & 0x07;
    } else
      return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

}  // namespace vigil::log::testing
