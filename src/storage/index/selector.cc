#include "storage/index/selector.h"

#include <algorithm>
#include <cstdio>

#include "storage/labels/label_set.h"
#include "storage/labels/utf8.h"

namespace vigil::storage::index {
namespace {

// Thrown inside the parser and turned into an Error at its edge: every
// failure is reported at one byte offset.
struct ParseFailure {
  size_t pos;
  std::string message;
};

struct Token {
  enum class Kind { end, identifier, string, left_brace, right_brace, comma, op, other };
  Kind kind = Kind::end;
  size_t pos = 0;
  std::string_view raw;  // the token as written, quotes included
  std::string value;     // identifier or decoded string
  Matcher::Type op = Matcher::Type::equal;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code point at text[pos], which the caller has checked to be valid UTF-8.
char32_t code_point_at(std::string_view text, size_t pos) {
  size_t len = utf8_sequence_length(text, pos);
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  switch (len) {
    case 2:
      return (char32_t(byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3:
      return (char32_t(byte(0) & 0x0F) << 12) | (char32_t(byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    case 4:
      return (char32_t(byte(0) & 0x07) << 18) | (char32_t(byte(1) & 0x3F) << 12) | (char32_t(byte(2) & 0x3F) << 6) |
             (byte(3) & 0x3F);
    default:
      return byte(0);
  }
}

// `U+0071 'q'`, as Go's %#U prints a rune.
std::string describe_code_point(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  std::string out = buf;
  if (c >= 0x20 && c < 0x7F) out += std::string(" '") + static_cast<char>(c) + "'";
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : text_(text) {}

  std::vector<Matcher> parse() {
    check_utf8();
    std::vector<Matcher> matchers;
    Token token = next(false);
    const size_t start = token.pos;
    if (token.kind == Token::Kind::identifier) {
      matchers.push_back(make_matcher(token, Matcher::Type::equal, std::string(kMetricNameLabel), token.value));
      token = next(false);
      if (token.kind != Token::Kind::end && token.kind != Token::Kind::left_brace) {
        fail_unexpected(token, " after metric name, expected \"{\" or end of input");
      }
    } else if (token.kind != Token::Kind::left_brace) {
      fail_unexpected(token, ", expected metric name or \"{\"");
    }
    if (token.kind == Token::Kind::left_brace) {
      parse_braces(matchers);
      token = next(false);
      if (token.kind != Token::Kind::end) fail_unexpected(token, " after \"}\", expected end of input");
    }
    for (const Matcher& m : matchers) {
      if (!m.matches_empty()) return matchers;
    }
    throw ParseFailure{start, "vector selector must contain at least one non-empty matcher"};
  }

 private:
  // Label matchers up to and including the closing brace.
  void parse_braces(std::vector<Matcher>& matchers) {
    for (;;) {
      Token name = next(true);
      if (name.kind == Token::Kind::right_brace) return;
      if (name.kind != Token::Kind::identifier) {
        fail_unexpected(name, " in label matching, expected label name or \"}\"");
      }
      Token op = next(true);
      if (op.kind != Token::Kind::op) {
        fail_unexpected(op, " in label matching, expected label matching operator (=, !=, =~, !~)");
      }
      Token value = next(true);
      if (value.kind != Token::Kind::string) fail_unexpected(value, " in label matching, expected string");
      matchers.push_back(make_matcher(name, op.op, name.value, std::move(value.value)));

      Token separator = next(true);
      if (separator.kind == Token::Kind::right_brace) return;
      if (separator.kind != Token::Kind::comma) {
        fail_unexpected(separator, " in label matching, expected \",\" or \"}\"");
      }
    }
  }

  Matcher make_matcher(const Token& at, Matcher::Type type, std::string name, std::string value) {
    auto matcher = Matcher::make(type, std::move(name), std::move(value));
    if (!matcher) throw ParseFailure{at.pos, matcher.error().message};
    return std::move(*matcher);
  }

  // Error messages quote the input, so it must be valid UTF-8 itself.
  void check_utf8() const {
    for (size_t pos = 0; pos < text_.size();) {
      size_t len = utf8_sequence_length(text_, pos);
      if (len == 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "invalid UTF-8 byte 0x%02X", static_cast<unsigned char>(text_[pos]));
        throw ParseFailure{pos, buf};
      }
      pos += len;
    }
  }

  [[noreturn]] void fail_unexpected(const Token& token, std::string_view context) const {
    throw ParseFailure{token.pos, "unexpected " + describe(token) + std::string(context)};
  }

  std::string describe(const Token& token) const {
    switch (token.kind) {
      case Token::Kind::end:
        return "end of input";
      case Token::Kind::identifier:
        return "identifier \"" + std::string(token.raw) + "\"";
      case Token::Kind::string:
        return "string " + std::string(token.raw);
      case Token::Kind::other: {
        const char32_t c = code_point_at(text_, token.pos);
        if (c >= 0x20 && c < 0x7F) return std::string("character '") + static_cast<char>(c) + "'";
        return "character " + describe_code_point(c);
      }
      default:
        return "\"" + std::string(token.raw) + "\"";
    }
  }

  // The next token after whitespace. Inside braces identifiers are label
  // names, which may not contain ':' as metric names may.
  Token next(bool in_braces) {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    Token token;
    token.pos = pos_;
    if (pos_ == text_.size()) return token;
    const char c = text_[pos_];
    if (is_name_start(c) || (c == ':' && !in_braces)) {
      size_t end = pos_ + 1;
      while (end < text_.size() &&
             (is_name_start(text_[end]) || is_digit(text_[end]) || (text_[end] == ':' && !in_braces))) {
        ++end;
      }
      token.kind = Token::Kind::identifier;
      token.value = std::string(text_.substr(pos_, end - pos_));
      return finish(token, end);
    }
    switch (c) {
      case '{':
        token.kind = Token::Kind::left_brace;
        return finish(token, pos_ + 1);
      case '}':
        token.kind = Token::Kind::right_brace;
        return finish(token, pos_ + 1);
      case ',':
        token.kind = Token::Kind::comma;
        return finish(token, pos_ + 1);
      case '"':
      case '\'':
        token.kind = Token::Kind::string;
        return finish(token, lex_quoted(token.value));
      case '`':
        token.kind = Token::Kind::string;
        return finish(token, lex_raw(token.value));
      case '=':
      case '!': {
        const bool tilde = pos_ + 1 < text_.size() && text_[pos_ + 1] == '~';
        const bool equals = pos_ + 1 < text_.size() && text_[pos_ + 1] == '=';
        if (c == '=') {
          token.kind = Token::Kind::op;
          token.op = tilde ? Matcher::Type::regex : Matcher::Type::equal;
          return finish(token, pos_ + (tilde ? 2 : 1));
        }
        if (tilde || equals) {
          token.kind = Token::Kind::op;
          token.op = tilde ? Matcher::Type::not_regex : Matcher::Type::not_equal;
          return finish(token, pos_ + 2);
        }
        break;
      }
      default:
        break;
    }
    token.kind = Token::Kind::other;
    return finish(token, pos_ + std::max<size_t>(1, utf8_sequence_length(text_, pos_)));
  }

  Token& finish(Token& token, size_t end) {
    token.raw = text_.substr(token.pos, end - token.pos);
    pos_ = end;
    return token;
  }

  // A "..." or '...' string with Go's escapes; returns the offset after it.
  size_t lex_quoted(std::string& out) const {
    const size_t open = pos_;
    const char quote = text_[open];
    size_t i = open + 1;
    for (;;) {
      if (i >= text_.size() || text_[i] == '\n') throw ParseFailure{open, "unterminated quoted string"};
      const char c = text_[i];
      if (c == quote) return i + 1;
      if (c != '\\') {
        out += c;
        ++i;
        continue;
      }
      i = lex_escape(open, i, quote, out);
    }
  }

  // The escape starting with the backslash at `at`; returns the offset after it.
  size_t lex_escape(size_t open, size_t at, char quote, std::string& out) const {
    if (at + 1 >= text_.size()) throw ParseFailure{open, "unterminated quoted string"};
    const char e = text_[at + 1];
    switch (e) {
      case 'a':
        out += '\a';
        return at + 2;
      case 'b':
        out += '\b';
        return at + 2;
      case 'f':
        out += '\f';
        return at + 2;
      case 'n':
        out += '\n';
        return at + 2;
      case 'r':
        out += '\r';
        return at + 2;
      case 't':
        out += '\t';
        return at + 2;
      case 'v':
        out += '\v';
        return at + 2;
      case '\\':
        out += '\\';
        return at + 2;
      case 'x':
        return lex_numeric_escape(open, at, at + 2, 2, 16, 0xFF, false, out);
      case 'u':
        return lex_numeric_escape(open, at, at + 2, 4, 16, 0x10FFFF, true, out);
      case 'U':
        return lex_numeric_escape(open, at, at + 2, 8, 16, 0x10FFFF, true, out);
      default:
        break;
    }
    if (e == quote) {
      out += quote;
      return at + 2;
    }
    if (e >= '0' && e <= '7') return lex_numeric_escape(open, at, at + 1, 3, 8, 0xFF, false, out);
    throw ParseFailure{at, "unknown escape sequence " + describe_code_point(code_point_at(text_, at + 1))};
  }

  // `digits` digits in `base` from `first`: a byte (\x, octal) or a code
  // point written as UTF-8 (\u, \U).
  size_t lex_numeric_escape(size_t open, size_t at, size_t first, int digits, int base, uint32_t max, bool code_point,
                            std::string& out) const {
    uint32_t value = 0;
    for (int n = 0; n < digits; ++n) {
      const size_t i = first + n;
      if (i >= text_.size() || text_[i] == '\n') throw ParseFailure{open, "unterminated quoted string"};
      const int d = hex_value(text_[i]);
      if (d < 0 || d >= base) {
        throw ParseFailure{i,
                           "illegal character " + describe_code_point(code_point_at(text_, i)) + " in escape sequence"};
      }
      value = value * base + d;
    }
    if (value > max || (code_point && value >= 0xD800 && value < 0xE000)) {
      throw ParseFailure{at, "escape sequence is an invalid Unicode code point"};
    }
    if (code_point) {
      append_utf8(out, value);
    } else {
      out += static_cast<char>(value);
    }
    return first + digits;
  }

  // A `...` string: no escapes, newlines allowed.
  size_t lex_raw(std::string& out) const {
    const size_t close = text_.find('`', pos_ + 1);
    if (close == std::string_view::npos) throw ParseFailure{pos_, "unterminated raw string"};
    out = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
    return close + 1;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// "line:column: message", both 1-based, counted in bytes as Prometheus does.
Error located_error(std::string_view text, const ParseFailure& failure) {
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < failure.pos && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return make_error(ErrorKind::invalid_argument,
                    std::to_string(line) + ":" + std::to_string(failure.pos - line_start + 1) + ": " + failure.message);
}

}  // namespace

Result<std::vector<Matcher>> parse_series_selector(std::string_view text) {
  try {
    return SelectorParser(text).parse();
  } catch (const ParseFailure& failure) {
    return std::unexpected(located_error(text, failure));
  }
}

}  // namespace vigil::storage::index
