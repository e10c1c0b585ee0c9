#include "template/lexer.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/go_text.h"

namespace vigil::tmpl {
namespace {

constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";
constexpr std::string_view kSpaceChars = " \t\r\n";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Go's isAlphaNumeric: '_', letters and digits; any non-ASCII code point is
// taken as a letter (Go asks unicode.IsLetter; identifiers are ASCII in
// practice).
bool is_alphanumeric(unsigned char c) { return c == '_' || std::isalnum(c) || c >= 0x80; }

// "{{- " : a trim marker is '-' followed by a space.
bool has_left_trim_marker(std::string_view s) { return s.size() >= 2 && s[0] == '-' && is_space(s[1]); }
bool has_right_trim_marker(std::string_view s) { return s.size() >= 2 && is_space(s[0]) && s[1] == '-'; }

TokenType keyword(std::string_view word) {
  static constexpr std::pair<std::string_view, TokenType> kKeywords[] = {
      {"block", TokenType::block},
      {"break", TokenType::break_},
      {"continue", TokenType::continue_},
      {"define", TokenType::define},
      {"else", TokenType::else_},
      {"end", TokenType::end},
      {"if", TokenType::if_},
      {"nil", TokenType::nil},
      {"range", TokenType::range},
      {"template", TokenType::template_},
      {"with", TokenType::with},
  };
  for (const auto& [name, type] : kKeywords) {
    if (name == word) return type;
  }
  return TokenType::identifier;
}

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}

  std::vector<Token> run() {
    while (lex_text() && lex_action()) {
    }
    return std::move(tokens_);
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  size_t start_ = 0;
  int line_ = 1;        // line at pos_
  int start_line_ = 1;  // line at start_
  int paren_depth_ = 0;
  std::vector<Token> tokens_;

  std::string_view rest() const { return in_.substr(pos_); }
  char peek() const { return pos_ < in_.size() ? in_[pos_] : '\0'; }
  bool at_end() const { return pos_ >= in_.size(); }

  void advance(size_t n) {
    line_ += static_cast<int>(
        std::count(in_.begin() + static_cast<long>(pos_), in_.begin() + static_cast<long>(pos_ + n), '\n'));
    pos_ += n;
  }
  void emit(TokenType type) {
    tokens_.push_back(Token{type, in_.substr(start_, pos_ - start_), start_, start_line_, {}});
    ignore();
  }
  void ignore() {
    start_ = pos_;
    start_line_ = line_;
  }
  bool error(std::string message) {
    Token t{TokenType::error, {}, start_, start_line_, std::move(message)};
    tokens_.push_back(std::move(t));
    return false;
  }

  // Text up to the next "{{", dropping trailing spaces before "{{- ".
  bool lex_text() {
    size_t x = rest().find(kLeftDelim);
    if (x == std::string_view::npos) {
      advance(in_.size() - pos_);
      if (pos_ > start_) emit(TokenType::text);
      emit(TokenType::eof);
      return false;
    }
    advance(x);
    size_t end = pos_;
    if (has_left_trim_marker(in_.substr(pos_ + kLeftDelim.size()))) {
      while (end > start_ && is_space(in_[end - 1])) --end;
    }
    if (end > start_) {
      tokens_.push_back(Token{TokenType::text, in_.substr(start_, end - start_), start_, start_line_, {}});
    }
    ignore();
    return true;
  }

  // From "{{" to "}}" (or a comment), then back to text.
  bool lex_action() {
    advance(kLeftDelim.size());
    const bool trim = has_left_trim_marker(rest());
    const size_t after_marker = trim ? 2 : 0;
    if (in_.substr(pos_ + after_marker).starts_with("/*")) {
      advance(after_marker);
      ignore();
      return lex_comment();
    }
    emit(TokenType::left_delim);
    advance(after_marker);
    ignore();
    paren_depth_ = 0;
    while (true) {
      bool trim_right = false;
      if (at_right_delim(trim_right)) {
        if (paren_depth_ != 0) return error("unclosed left paren");
        if (trim_right) {
          advance(2);
          ignore();
        }
        advance(kRightDelim.size());
        emit(TokenType::right_delim);
        if (trim_right) skip_leading_space();
        return true;
      }
      if (!lex_inside_action()) return false;
    }
  }

  bool at_right_delim(bool& trim) const {
    if (has_right_trim_marker(rest()) && rest().substr(2).starts_with(kRightDelim)) {
      trim = true;
      return true;
    }
    trim = false;
    return rest().starts_with(kRightDelim);
  }

  void skip_leading_space() {
    size_t n = 0;
    while (pos_ + n < in_.size() && kSpaceChars.find(in_[pos_ + n]) != std::string_view::npos) ++n;
    advance(n);
    ignore();
  }

  bool lex_comment() {
    advance(2);
    size_t end = rest().find("*/");
    if (end == std::string_view::npos) return error("unclosed comment");
    advance(end + 2);
    bool trim = false;
    if (!at_right_delim(trim)) return error("comment ends before closing delimiter");
    advance((trim ? 2 : 0) + kRightDelim.size());
    if (trim) skip_leading_space();
    ignore();
    return true;
  }

  bool lex_inside_action() {
    if (at_end()) return error("unclosed action");
    const char c = peek();
    if (is_space(c)) return lex_space();
    switch (c) {
      case '=':
        advance(1);
        emit(TokenType::assign);
        return true;
      case ':':
        advance(1);
        if (peek() != '=') return error("expected :=");
        advance(1);
        emit(TokenType::declare);
        return true;
      case '|':
        advance(1);
        emit(TokenType::pipe);
        return true;
      case '"':
        return lex_quoted('"', TokenType::string, "unterminated quoted string");
      case '`':
        return lex_raw_quote();
      case '$':
        advance(1);
        return lex_field_or_variable(TokenType::variable);
      case '\'':
        return lex_quoted('\'', TokenType::char_constant, "unterminated character constant");
      case '(':
        advance(1);
        emit(TokenType::left_paren);
        ++paren_depth_;
        return true;
      case ')':
        advance(1);
        emit(TokenType::right_paren);
        if (--paren_depth_ < 0) return error("unexpected right paren U+0029 ')'");
        return true;
      default:
        break;
    }
    if (c == '.') {
      char next = pos_ + 1 < in_.size() ? in_[pos_ + 1] : '\0';
      if (next < '0' || next > '9') {
        advance(1);
        return lex_field_or_variable(TokenType::field);
      }
    }
    if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) return lex_number();
    if (is_alphanumeric(static_cast<unsigned char>(c))) return lex_identifier();
    if (static_cast<unsigned char>(c) < 0x80 && c >= 0x20 && c < 0x7F) {
      advance(1);
      emit(TokenType::char_);
      return true;
    }
    uint32_t rune = static_cast<unsigned char>(c);
    size_t len = decode_utf8(in_, pos_, rune);
    if (len == 0) rune = 0xFFFD;
    return error(fmt::format("unrecognized character in action: {}", format_go_unicode(rune)));
  }

  // A run of spaces; a single space before "-}}" belongs to the delimiter.
  bool lex_space() {
    size_t n = 0;
    while (pos_ + n < in_.size() && is_space(in_[pos_ + n])) ++n;
    advance(n);
    std::string_view before = in_.substr(pos_ - 1);
    if (has_right_trim_marker(before) && before.substr(2).starts_with(kRightDelim)) {
      pos_ -= 1;  // the last space belongs to " -}}"
      if (in_[pos_] == '\n') --line_;
      if (n == 1) return true;
    }
    emit(TokenType::space);
    return true;
  }

  bool at_terminator() const {
    char c = peek();
    if (at_end() || is_space(c)) return true;
    switch (c) {
      case '.':
      case ',':
      case '|':
      case ':':
      case ')':
      case '(':
        return true;
      default:
        return rest().starts_with(kRightDelim);
    }
  }

  bool bad_character() {
    uint32_t rune = static_cast<unsigned char>(peek());
    size_t len = decode_utf8(in_, pos_, rune);
    if (len == 0) rune = 0xFFFD;
    return error(fmt::format("bad character {}", format_go_unicode(rune)));
  }

  bool lex_identifier() {
    while (!at_end() && is_alphanumeric(static_cast<unsigned char>(peek()))) advance(1);
    if (!at_terminator()) return bad_character();
    std::string_view word = in_.substr(start_, pos_ - start_);
    if (word == "true" || word == "false") {
      emit(TokenType::boolean);
    } else {
      emit(keyword(word));
    }
    return true;
  }

  // After '.' or '$': a name, or the bare dot / dollar.
  bool lex_field_or_variable(TokenType type) {
    if (at_terminator()) {
      emit(type == TokenType::variable ? TokenType::variable : TokenType::dot);
      return true;
    }
    while (!at_end() && is_alphanumeric(static_cast<unsigned char>(peek()))) advance(1);
    if (!at_terminator()) return bad_character();
    emit(type);
    return true;
  }

  // A "..." string or '...' character constant; the parser checks escapes.
  bool lex_quoted(char quote, TokenType type, const char* unterminated) {
    advance(1);
    while (true) {
      if (at_end() || peek() == '\n') return error(unterminated);
      char c = peek();
      advance(1);
      if (c == '\\') {
        if (at_end() || peek() == '\n') return error(unterminated);
        advance(1);
      } else if (c == quote) {
        break;
      }
    }
    emit(type);
    return true;
  }

  bool lex_raw_quote() {
    size_t end = in_.find('`', pos_ + 1);
    if (end == std::string_view::npos) return error("unterminated raw quoted string");
    advance(end + 1 - pos_);
    emit(TokenType::raw_string);
    return true;
  }

  // Go's scanNumber: sign, base prefix, digits with '_', fraction, exponent,
  // and an imaginary 'i' (which the parser then rejects).
  bool lex_number() {
    if (peek() == '+' || peek() == '-') advance(1);
    std::string_view digits = "0123456789_";
    std::string_view exponent = "eE";
    if (peek() == '0' && pos_ + 1 < in_.size()) {
      char b = static_cast<char>(std::tolower(static_cast<unsigned char>(in_[pos_ + 1])));
      if (b == 'x') {
        advance(2);
        digits = "0123456789abcdefABCDEF_";
        exponent = "pP";
      } else if (b == 'o') {
        advance(2);
        digits = "01234567_";
        exponent = "";
      } else if (b == 'b') {
        advance(2);
        digits = "01_";
        exponent = "";
      }
    }
    auto accept_run = [&](std::string_view valid) {
      while (!at_end() && valid.find(peek()) != std::string_view::npos) advance(1);
    };
    accept_run(digits);
    if (peek() == '.') {
      advance(1);
      accept_run(digits);
    }
    if (!exponent.empty() && exponent.find(peek()) != std::string_view::npos) {
      advance(1);
      if (peek() == '+' || peek() == '-') advance(1);
      accept_run("0123456789_");
    }
    if (peek() == 'i') advance(1);
    if (!at_end() && is_alphanumeric(static_cast<unsigned char>(peek()))) {
      advance(1);
      return error(fmt::format("bad number syntax: {}", quote_go_string(in_.substr(start_, pos_ - start_))));
    }
    emit(TokenType::number);
    return true;
  }
};

}  // namespace

std::string Token::describe() const {
  if (type == TokenType::eof) return "EOF";
  if (type == TokenType::error) return message;
  if (is_keyword() || type == TokenType::dot) return fmt::format("<{}>", value);  // Go lists dot among keywords
  if (value.size() > 10) {
    // "%.10q...": the first ten runes, quoted.
    size_t i = 0;
    for (int n = 0; n < 10 && i < value.size(); ++n) {
      uint32_t rune = 0;
      size_t len = decode_utf8(value, i, rune);
      i += len == 0 ? 1 : len;
    }
    std::string out = quote_go_string(value.substr(0, i));
    out += "...";
    return out;
  }
  return quote_go_string(value);
}

std::vector<Token> lex_template(std::string_view text) { return Lexer(text).run(); }

}  // namespace vigil::tmpl
