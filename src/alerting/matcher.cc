#include "alerting/matcher.h"

#include <algorithm>
#include <tuple>

#include <re2/re2.h>

#include "core/go_text.h"

namespace vigil::alerting {
namespace {

// Go's \s: the only characters regexp's `\s` trims around a matcher's parts.
bool is_go_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

Error parse_error(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }


// Removes OpenMetrics escapes from a value that may be double-quoted; the
// error names the raw value as Alertmanager does.
Result<std::string> unescape_value(std::string_view raw_value) {
  std::string_view raw = raw_value;
  bool expect_trailing_quote = false;
  if (!raw.empty() && raw.front() == '"') {
    raw.remove_prefix(1);
    expect_trailing_quote = true;
  }
  if (!is_valid_utf8(raw)) return std::unexpected(parse_error("matcher value not valid UTF-8: " + std::string(raw_value)));
  const auto unescaped_quote = [&] {
    return std::unexpected(parse_error("matcher value contains unescaped double quote: " + std::string(raw_value)));
  };
  std::string value;
  bool escaped = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        value += '\n';
      } else if (c == '"' || c == '\\') {
        value += c;
      } else {
        // A lone backslash is kept literally.
        value += '\\';
        value += c;
      }
      continue;
    }
    if (c == '\\') {
      if (i + 1 < raw.size()) {
        escaped = true;
      } else {
        value += '\\';
      }
    } else if (c == '"') {
      if (!expect_trailing_quote || i + 1 < raw.size()) return unescaped_quote();
      expect_trailing_quote = false;
    } else {
      value += c;
    }
  }
  if (expect_trailing_quote) return unescaped_quote();
  return value;
}

// The code point at text[i] and its length; as in Go's range over a string,
// an invalid byte is U+FFFD of length 1.
size_t next_rune(std::string_view text, size_t i, uint32_t& rune) {
  const size_t n = decode_utf8(text, i, rune);
  if (n > 0) return n;
  rune = 0xfffd;
  return 1;
}

// strings.TrimSpace: Unicode white space at both ends.
std::string_view trim_unicode_space(std::string_view text) {
  const auto space = [](uint32_t r) {
    return r == ' ' || (r >= '\t' && r <= '\r') || r == 0x85 || r == 0xa0 || r == 0x1680 ||
           (r >= 0x2000 && r <= 0x200a) || r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000;
  };
  size_t first = text.size();
  size_t end = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t rune = 0;
    const size_t n = next_rune(text, i, rune);
    if (!space(rune)) {
      first = std::min(first, i);
      end = i + n;
    }
    i += n;
  }
  return first < end ? text.substr(first, end - first) : std::string_view();
}

// Go's regexp/syntax wording for RE2's error codes.
std::string go_regexp_error(re2::RE2::ErrorCode code) {
  switch (code) {
    case re2::RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case re2::RE2::ErrorBadCharClass:
      return "invalid character class";
    case re2::RE2::ErrorBadCharRange:
      return "invalid character class range";
    case re2::RE2::ErrorMissingBracket:
      return "missing closing ]";
    case re2::RE2::ErrorMissingParen:
      return "missing closing )";
    case re2::RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case re2::RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case re2::RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case re2::RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case re2::RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case re2::RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case re2::RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case re2::RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case re2::RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "internal error";
  }
}

}  // namespace

const char* to_string(MatchType type) {
  switch (type) {
    case MatchType::equal:
      return "=";
    case MatchType::not_equal:
      return "!=";
    case MatchType::regexp:
      return "=~";
    case MatchType::not_regexp:
      return "!~";
  }
  return "=";
}

Result<Matcher> Matcher::make(MatchType type, std::string name, std::string value) {
  std::shared_ptr<const re2::RE2> regex;
  if (type == MatchType::regexp || type == MatchType::not_regexp) {
    std::string anchored = "^(?:";
    anchored += value;
    anchored += ")$";
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto compiled = std::make_shared<const re2::RE2>(anchored, options);
    if (!compiled->ok())
      return std::unexpected(parse_error("error parsing regexp: " + go_regexp_error(compiled->error_code()) + ": `" +
                                         compiled->error_arg() + "`"));
    regex = std::move(compiled);
  }
  return Matcher(type, std::move(name), std::move(value), std::move(regex));
}

bool Matcher::matches(std::string_view value) const {
  switch (type_) {
    case MatchType::equal:
      return value == value_;
    case MatchType::not_equal:
      return value != value_;
    case MatchType::regexp:
      return re2::RE2::FullMatch(value, *regex_);
    case MatchType::not_regexp:
      return !re2::RE2::FullMatch(value, *regex_);
  }
  return false;
}

std::string Matcher::to_string() const {
  std::string out = name_;
  out += alerting::to_string(type_);
  out += '"';
  for (char c : value_) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

bool operator<(const Matcher& a, const Matcher& b) {
  return std::tie(a.name_, a.value_, a.type_) < std::tie(b.name_, b.value_, b.type_);
}

bool matches_all(const Matchers& matchers, const Labels& labels) {
  return std::all_of(matchers.begin(), matchers.end(), [&](const Matcher& m) { return m.matches(labels); });
}

std::string matchers_text(const Matchers& matchers) {
  std::string out = "{";
  for (size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i].to_string();
  }
  out += '}';
  return out;
}

Result<Matcher> parse_matcher(std::string_view text) {
  const auto bad_format = [&] { return std::unexpected(parse_error("bad matcher format: " + std::string(text))); };
  size_t i = 0;
  while (i < text.size() && is_go_space(text[i])) ++i;
  if (i == text.size() || !is_name_start(text[i])) return bad_format();
  const size_t name_start = i;
  while (i < text.size() && is_name_char(text[i])) ++i;
  std::string name(text.substr(name_start, i - name_start));
  while (i < text.size() && is_go_space(text[i])) ++i;
  const std::string_view rest = text.substr(i);
  MatchType type;
  if (rest.starts_with("=~")) {
    type = MatchType::regexp;
  } else if (rest.starts_with("=")) {
    type = MatchType::equal;
  } else if (rest.starts_with("!=")) {
    type = MatchType::not_equal;
  } else if (rest.starts_with("!~")) {
    type = MatchType::not_regexp;
  } else {
    return bad_format();
  }
  i += type == MatchType::equal ? 1 : 2;
  while (i < text.size() && is_go_space(text[i])) ++i;
  size_t end = text.size();
  while (end > i && is_go_space(text[end - 1])) --end;
  auto value = unescape_value(text.substr(i, end - i));
  if (!value) return std::unexpected(value.error());
  return Matcher::make(type, std::move(name), std::move(*value));
}

Result<Matchers> parse_matchers(std::string_view text) {
  if (text.starts_with('{')) text.remove_prefix(1);
  if (text.ends_with('}')) text.remove_suffix(1);
  // Split at commas outside double quotes.
  std::vector<std::string> tokens;
  std::string token;
  bool inside_quotes = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size();) {
    uint32_t rune = 0;
    const size_t n = next_rune(text, i, rune);
    if (rune == ',' && !inside_quotes) {
      tokens.push_back(std::move(token));
      token.clear();
      i += n;
      continue;
    }
    if (rune == '"') {
      if (!escaped) {
        inside_quotes = !inside_quotes;
      } else {
        escaped = false;
      }
    } else if (rune == '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    append_utf8(token, rune);
    i += n;
  }
  if (auto last = trim_unicode_space(token); !last.empty()) tokens.emplace_back(last);
  Matchers matchers;
  for (const auto& t : tokens) {
    auto matcher = parse_matcher(t);
    if (!matcher) return std::unexpected(matcher.error());
    matchers.push_back(std::move(*matcher));
  }
  return matchers;
}

}  // namespace vigil::alerting
