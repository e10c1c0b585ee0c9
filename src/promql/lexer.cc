#include "promql/lexer.h"

#include <array>
#include <cctype>
#include <utility>

#include "core/go_text.h"

namespace vigil::promql {
namespace {

constexpr uint32_t kEof = 0xFFFFFFFF;

struct Keyword {
  std::string_view word;
  TokenKind kind;
};

constexpr std::array<Keyword, 26> kKeywords{{
    {"and", TokenKind::land},
    {"or", TokenKind::lor},
    {"unless", TokenKind::lunless},
    {"atan2", TokenKind::atan2},
    {"sum", TokenKind::sum},
    {"avg", TokenKind::avg},
    {"count", TokenKind::count},
    {"min", TokenKind::min},
    {"max", TokenKind::max},
    {"group", TokenKind::group},
    {"stddev", TokenKind::stddev},
    {"stdvar", TokenKind::stdvar},
    {"topk", TokenKind::topk},
    {"bottomk", TokenKind::bottomk},
    {"count_values", TokenKind::count_values},
    {"quantile", TokenKind::quantile},
    {"offset", TokenKind::offset},
    {"by", TokenKind::by},
    {"without", TokenKind::without},
    {"on", TokenKind::on},
    {"ignoring", TokenKind::ignoring},
    {"group_left", TokenKind::group_left},
    {"group_right", TokenKind::group_right},
    {"bool", TokenKind::bool_},
    {"start", TokenKind::start},
    {"end", TokenKind::end},
}};

bool is_alpha(uint32_t r) { return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'); }
bool is_digit(uint32_t r) { return r >= '0' && r <= '9'; }
bool is_alnum(uint32_t r) { return is_alpha(r) || is_digit(r); }
bool is_space(uint32_t r) { return r == ' ' || r == '\t' || r == '\n' || r == '\r'; }
bool is_hex(uint32_t r) { return is_digit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F'); }

// Thrown inside the lexer only; lex() turns it into an error token.
struct LexFailure {
  size_t pos;
  std::string message;
};

class Lexer {
 public:
  explicit Lexer(std::string_view input) : in_(input) {}

  std::vector<Token> run() {
    try {
      while (true) {
        skip_spaces_and_comments();
        start_ = pos_;
        if (pos_ >= in_.size()) {
          if (paren_depth_ > 0) fail("unclosed left parenthesis");
          if (bracket_open_) fail("unclosed left bracket");
          if (brace_open_) fail("unexpected end of input inside braces");
          emit(TokenKind::eof);
          return std::move(tokens_);
        }
        if (brace_open_) {
          lex_inside_braces();
        } else {
          lex_statement();
        }
      }
    } catch (const LexFailure& failure) {
      Token t{TokenKind::error, failure.message, failure.pos, {}};
      tokens_.push_back(std::move(t));
      return std::move(tokens_);
    }
  }

 private:
  // The message is joined from parts: GCC 12 at -O3 warns falsely (-Wrestrict)
  // on "literal" + std::string.
  template <class... Parts>
  [[noreturn]] void fail(const Parts&... parts) {
    std::string message;
    ((message += parts), ...);
    throw LexFailure{start_, std::move(message)};
  }

  uint32_t peek() const {
    if (pos_ >= in_.size()) return kEof;
    uint32_t r = 0;
    return decode_utf8(in_, pos_, r) ? r : 0xFFFD;
  }
  uint32_t next() {
    if (pos_ >= in_.size()) {
      ++pos_;  // so that backup() after eof is symmetric
      last_width_ = 1;
      return kEof;
    }
    uint32_t r = 0;
    size_t len = decode_utf8(in_, pos_, r);
    if (len == 0) {
      len = 1;
      r = 0xFFFD;
    }
    pos_ += len;
    last_width_ = len;
    return r;
  }
  void backup() { pos_ -= last_width_; }
  bool accept(std::string_view set) {
    uint32_t r = peek();
    if (r != kEof && r < 0x80 && set.find(static_cast<char>(r)) != std::string_view::npos) {
      next();
      return true;
    }
    return false;
  }
  void accept_run(std::string_view set) {
    while (accept(set)) {
    }
  }
  std::string_view current() const { return in_.substr(start_, std::min(pos_, in_.size()) - start_); }

  void emit(TokenKind kind, std::string value = {}) {
    tokens_.push_back(Token{kind, std::string(current()), start_, std::move(value)});
  }

  void skip_spaces_and_comments() {
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (is_space(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  void lex_statement() {
    uint32_t r = next();
    switch (r) {
      case ',':
        return emit(TokenKind::comma);
      case '*':
        return emit(TokenKind::mul);
      case '/':
        return emit(TokenKind::div);
      case '%':
        return emit(TokenKind::mod);
      case '+':
        return emit(TokenKind::add);
      case '-':
        return emit(TokenKind::sub);
      case '^':
        return emit(TokenKind::pow);
      case '@':
        return emit(TokenKind::at);
      case '=': {
        uint32_t t = peek();
        if (t == '=') {
          next();
          return emit(TokenKind::eql_c);
        }
        if (t == '~') fail("unexpected character after '=': ", quote_go_rune(t));
        return emit(TokenKind::eql);
      }
      case '!': {
        uint32_t t = next();
        if (t == '=') return emit(TokenKind::neq);
        fail("unexpected character after '!': ", quote_go_rune(t == kEof ? 0xFFFD : t));
      }
      case '<':
        if (accept("=")) return emit(TokenKind::lte);
        return emit(TokenKind::lss);
      case '>':
        if (accept("=")) return emit(TokenKind::gte);
        return emit(TokenKind::gtr);
      case '"':
      case '\'':
        return lex_string(static_cast<char>(r));
      case '`':
        return lex_raw_string();
      case '(':
        ++paren_depth_;
        return emit(TokenKind::left_paren);
      case ')':
        if (--paren_depth_ < 0) fail("unexpected right parenthesis ')'");
        return emit(TokenKind::right_paren);
      case '{':
        brace_open_ = true;
        return emit(TokenKind::left_brace);
      case '[':
        if (bracket_open_) fail("unexpected left bracket '['");
        got_colon_ = false;
        emit(TokenKind::left_bracket);
        bracket_open_ = true;
        skip_spaces_and_comments();
        start_ = pos_;
        return lex_duration();
      case ']':
        if (!bracket_open_) fail("unexpected right bracket ']'");
        bracket_open_ = false;
        return emit(TokenKind::right_bracket);
      default:
        break;
    }
    if (is_digit(r) || (r == '.' && is_digit(peek()))) {
      backup();
      return lex_number_or_duration();
    }
    if (r == ':' && bracket_open_) {
      if (got_colon_) fail("unexpected colon ':'");
      got_colon_ = true;
      return emit(TokenKind::colon);
    }
    if (is_alpha(r) || r == ':') {
      while (is_alnum(peek()) || peek() == ':') next();
      return emit_word();
    }
    fail("unexpected character: ", quote_go_rune(r));
  }

  void emit_word() {
    std::string_view word = current();
    std::string lower;
    for (char c : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "inf" || lower == "nan") return emit(TokenKind::number);
    for (const Keyword& k : kKeywords) {
      if (k.word == lower) return emit(k.kind);
    }
    emit(word.find(':') == std::string_view::npos ? TokenKind::identifier : TokenKind::metric_identifier);
  }

  void lex_inside_braces() {
    uint32_t r = next();
    if (is_alpha(r)) {
      while (is_alnum(peek())) next();
      return emit(TokenKind::identifier);
    }
    switch (r) {
      case ',':
        return emit(TokenKind::comma);
      case '"':
      case '\'':
        return lex_string(static_cast<char>(r));
      case '`':
        return lex_raw_string();
      case '=':
        if (accept("~")) return emit(TokenKind::eql_regex);
        return emit(TokenKind::eql);
      case '!': {
        uint32_t t = next();
        if (t == '~') return emit(TokenKind::neq_regex);
        if (t == '=') return emit(TokenKind::neq);
        fail("unexpected character after '!' inside braces: ", quote_go_rune(t == kEof ? 0xFFFD : t));
      }
      case '{':
        fail("unexpected left brace '{'");
      case '}':
        brace_open_ = false;
        return emit(TokenKind::right_brace);
      default:
        fail("unexpected character inside braces: ", quote_go_rune(r));
    }
  }

  // Digits, an optional fraction and exponent, or hex after 0x. True if
  // what follows is not alphanumeric, i.e. the text is a plain number.
  bool scan_number() {
    std::string_view digits = "0123456789";
    if (accept("0") && accept("xX")) digits = "0123456789abcdefABCDEF";
    accept_run(digits);
    if (accept(".")) accept_run(digits);
    if (accept("eE")) {
      accept("+-");
      accept_run("0123456789");
    }
    // A second dot makes it a bad number ("2.5." and "100..4"), which
    // Prometheus reports with the dot.
    if (accept(".")) return false;
    return !is_alnum(peek());
  }

  // After a number: the rest of a duration such as "m" or "h30m"; units are
  // checked when the duration is parsed.
  bool accept_remaining_duration() {
    if (!accept("smhdwy")) return false;
    accept("s");
    while (accept("0123456789")) {
      accept_run("0123456789");
      if (!accept("smhdw")) return false;
      accept("s");
    }
    uint32_t r = next();
    bool ok = !is_alnum(r);
    return ok;
  }

  void lex_number_or_duration() {
    if (scan_number()) return emit(TokenKind::number);
    if (accept_remaining_duration()) {
      backup();
      return emit(TokenKind::duration);
    }
    fail("bad number or duration syntax: ", quote_go_string(current()));
  }

  void lex_duration() {
    if (scan_number()) fail("missing unit character in duration");
    if (!accept_remaining_duration()) fail("bad duration syntax: ", quote_go_string(current()));
    backup();
    emit(TokenKind::duration);
  }

  // A quoted string with Go's escapes; the token's value is the unquoted text.
  void lex_string(char quote) {
    std::string value;
    while (true) {
      size_t at = pos_;
      uint32_t r = next();
      if (r == kEof || r == '\n') fail("unterminated quoted string");
      if (r == 0xFFFD && in_.substr(at, 3) != "\xEF\xBF\xBD") fail("invalid UTF-8 rune");
      if (r == static_cast<uint32_t>(quote)) break;
      if (r == '\\') {
        lex_escape(quote, value);
        continue;
      }
      value.append(in_.substr(at, pos_ - at));
    }
    emit(TokenKind::string, std::move(value));
  }

  void lex_escape(char quote, std::string& value) {
    uint32_t ch = next();
    int n = 0;
    uint32_t base = 0, max = 0;
    bool is_byte = false;
    switch (ch) {
      case 'a':
        value += '\a';
        return;
      case 'b':
        value += '\b';
        return;
      case 'f':
        value += '\f';
        return;
      case 'n':
        value += '\n';
        return;
      case 'r':
        value += '\r';
        return;
      case 't':
        value += '\t';
        return;
      case 'v':
        value += '\v';
        return;
      case '\\':
        value += '\\';
        return;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        n = 3, base = 8, max = 255, is_byte = true;
        break;
      case 'x':
        ch = next();
        n = 2, base = 16, max = 255, is_byte = true;
        break;
      case 'u':
        ch = next();
        n = 4, base = 16, max = 0x10FFFF;
        break;
      case 'U':
        ch = next();
        n = 8, base = 16, max = 0x10FFFF;
        break;
      case kEof:
        fail("escape sequence not terminated");
      default:
        if (ch == static_cast<uint32_t>(quote)) {
          value += quote;
          return;
        }
        fail("unknown escape sequence ", format_go_unicode(ch));
    }
    uint32_t x = 0;
    while (n > 0) {
      uint32_t d = is_hex(ch) ? (is_digit(ch) ? ch - '0' : (ch | 0x20) - 'a' + 10) : 16;
      if (d >= base) {
        if (ch == kEof) fail("escape sequence not terminated");
        fail("illegal character ", format_go_unicode(ch), " in escape sequence");
      }
      x = x * base + d;
      if (--n > 0) ch = next();
    }
    if (x > max || (x >= 0xD800 && x < 0xE000 && !is_byte)) fail("escape sequence is an invalid Unicode code point");
    if (is_byte) {
      value += static_cast<char>(x);
    } else {
      append_utf8(value, x);
    }
  }

  void lex_raw_string() {
    while (true) {
      size_t at = pos_;
      uint32_t r = next();
      if (r == kEof) fail("unterminated raw string");
      if (r == 0xFFFD && in_.substr(at, 3) != "\xEF\xBF\xBD") fail("invalid UTF-8 rune");
      if (r == '`') break;
    }
    std::string_view text = current();
    emit(TokenKind::string, std::string(text.substr(1, text.size() - 2)));
  }

  std::string_view in_;
  size_t pos_ = 0;
  size_t start_ = 0;
  size_t last_width_ = 0;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
  std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> lex(std::string_view query) { return Lexer(query).run(); }

}  // namespace vigil::promql
