#include "text_redaction.h"

#include <algorithm>
#include <cstddef>

#include "char_class.h"
#include "secret_shapes.h"

namespace vigil::log::detail {
namespace {

constexpr std::string_view kMask = Redactor::kMask;

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_key_char(char c) { return is_word(c) || c == '.' || c == '-'; }
bool is_quote(char c) { return c == '"' || c == '\''; }
bool is_scheme_char(char c) { return is_alnum(c) || c == '+' || c == '.' || c == '-'; }
bool is_token68(char c) {  // RFC 7235 credentials after an auth scheme
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}
// Where an unquoted value in "key=value" ends: whitespace, a quote or a
// separator of query strings, lists and structures.
bool ends_value(char c) { return std::string_view(" \t\r\n\"'&,;)]}<>").find(c) != std::string_view::npos; }
bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || is_quote(c) ||
         c == '<' || c == '>';
}

// The length of "bearer" or "basic" (any case) at pos, when followed by a
// space or tab; 0 otherwise.
std::size_t auth_scheme_length(std::string_view text, std::size_t pos) {
  for (std::string_view scheme : {std::string_view("bearer"), std::string_view("basic")}) {
    if (pos + scheme.size() >= text.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < scheme.size() && same; ++k) same = to_lower(text[pos + k]) == scheme[k];
    if (same && is_space(text[pos + scheme.size()])) return scheme.size();
  }
  return 0;
}

class Scanner {
 public:
  Scanner(std::string_view text, const Redactor& redactor) : text_(text), redactor_(redactor) {
    out_.reserve(text.size());
  }

  std::string run() {
    while (i_ < text_.size()) {
      if (at_word_start() && try_rules()) continue;
      copy_word_or_char();
    }
    return std::move(out_);
  }

 private:
  bool at_word_start() const { return i_ == 0 || !is_word(text_[i_ - 1]); }

  // Rules are tried in order at each word start; each either emits its
  // replacement, advances i_ and returns true, or leaves everything as is.
  bool try_rules() {
    return private_key_block() || url_userinfo() || key_like_token() || auth_scheme() || key_value() || generic_token();
  }

  void copy_word_or_char() {
    const std::size_t start = i_++;
    if (is_word(text_[start])) {
      while (i_ < text_.size() && is_word(text_[i_])) ++i_;
    }
    out_.append(text_, start, i_ - start);
  }

  bool mask_next(std::size_t n) {
    out_ += kMask;
    i_ += n;
    return true;
  }

  std::size_t span(std::size_t from, bool (*in_class)(char)) const {
    std::size_t end = from;
    while (end < text_.size() && in_class(text_[end])) ++end;
    return end;
  }

  bool private_key_block() {
    const std::size_t n = match_private_key_block(text_, i_);
    return n > 0 && mask_next(n);
  }

  bool key_like_token() {
    if (i_ < key_like_checked_until_) return false;
    const std::size_t n = match_key_like_token(text_, i_);
    if (n > 0) return mask_next(n);
    // Keys are not looked for again inside this base64url run, so that
    // "sk-sk-sk-..." is not rescanned from every word: a key glued to
    // other text by '-' is left to the generic rule.
    key_like_checked_until_ = span(i_, is_base64url);
    return false;
  }

  // scheme://user:password@host -> scheme://user:[REDACTED]@host. A user
  // without a password is kept unless it is itself a token.
  bool url_userinfo() {
    constexpr std::size_t kMaxScheme = 32;
    if (!is_alnum(text_[i_])) return false;
    std::size_t scheme_end = i_;
    while (scheme_end < text_.size() && scheme_end - i_ <= kMaxScheme && is_scheme_char(text_[scheme_end])) {
      ++scheme_end;
    }
    if (text_.substr(scheme_end, 3) != "://") return false;
    const std::size_t user = scheme_end + 3;
    std::size_t authority_end = user;
    while (authority_end < text_.size() && !ends_authority(text_[authority_end])) ++authority_end;
    const std::size_t at = text_.substr(user, authority_end - user).rfind('@');
    if (at == std::string_view::npos) return false;
    const std::string_view userinfo = text_.substr(user, at);
    const std::size_t colon = userinfo.find(':');
    const std::string_view name = userinfo.substr(0, colon);

    out_.append(text_, i_, user - i_);
    if (!name.empty() && (match_key_like_token(name, 0) == name.size() || is_high_entropy_token(name))) {
      out_ += kMask;
    } else {
      out_ += name;
    }
    if (colon != std::string_view::npos) {
      out_ += ':';
      out_ += kMask;
    }
    i_ = user + at;  // continue at '@'
    return true;
  }

  // "Bearer <credentials>" and "Basic <credentials>" keep the scheme. Basic
  // needs base64 of "user:password", so prose like "Basic usage" survives.
  bool auth_scheme() {
    const std::size_t scheme = auth_scheme_length(text_, i_);
    if (scheme == 0) return false;
    const std::size_t cred = span(i_ + scheme, is_space);
    std::size_t end = span(cred, is_token68);
    if (end == cred) return false;
    end = span(end, [](char c) { return c == '='; });
    const bool basic = scheme == 5;
    if (basic && !is_basic_credentials(text_.substr(cred, end - cred))) return false;
    out_.append(text_, i_, cred - i_);
    out_ += kMask;
    i_ = end;
    return true;
  }

  // key=value, key: value, "key": "value" where the key is secret: the
  // value is masked, the key and the punctuation are kept.
  bool key_value() {
    const std::string_view quote = opening_quote(i_);
    const std::size_t pos = i_ + quote.size();
    if (pos < key_checked_until_) return false;
    const std::size_t key_end = span(pos, is_key_char);
    if (key_end == pos) return false;
    std::size_t sep = key_end;
    if (!quote.empty()) {
      if (text_.substr(sep, quote.size()) != quote) return false;
      sep += quote.size();
    }
    sep = span(sep, is_space);
    // Any key starting inside this key ends at the same place, followed by
    // the same separator, and is not secret if this one is not (the key
    // names match by substring and by word). Remember it so that text like
    // "a.a.a.a..." is not rescanned from every word.
    const bool has_separator = sep < text_.size() && (text_[sep] == '=' || text_[sep] == ':');
    const std::string_view key = text_.substr(pos, key_end - pos);
    if (!has_separator || text_.substr(sep, 3) == "://" || !redactor_.is_secret_key(key)) {
      key_checked_until_ = key_end;
      return false;
    }
    const std::size_t value = span(sep + 1, is_space);
    out_.append(text_, i_, value - i_);
    i_ = value;
    mask_value();
    return true;
  }

  // The quote that opens a string at pos: ", ' or the \" of JSON that was
  // itself put into a JSON string (a logged response body); empty if none.
  std::string_view opening_quote(std::size_t pos) const {
    if (text_.substr(pos, 2) == "\\\"") return text_.substr(pos, 2);
    if (pos < text_.size() && is_quote(text_[pos])) return text_.substr(pos, 1);
    return {};
  }

  // Masks the value at i_: a quoted string keeps its quotes, an
  // authorization value keeps its scheme, anything else ends at whitespace
  // or punctuation.
  void mask_value() {
    if (const std::size_t scheme = auth_scheme_length(text_, i_)) {
      const std::size_t cred = span(i_ + scheme, is_space);
      out_.append(text_, i_, cred - i_);
      i_ = cred;
    }
    if (i_ >= text_.size()) return;
    if (text_.substr(i_).starts_with(kMask)) {  // already redacted
      mask_next(kMask.size());
      return;
    }
    if (const std::string_view quote = opening_quote(i_); !quote.empty()) {
      std::size_t end = i_ + quote.size();
      if (quote.size() == 1) {
        while (end < text_.size() && text_[end] != quote[0]) end += text_[end] == '\\' ? 2 : 1;
      } else {
        end = std::min(text_.find(quote, end), text_.size());
      }
      out_ += quote;
      out_ += kMask;
      if (end < text_.size()) {
        out_ += quote;
        end += quote.size();
      }
      i_ = std::min(end, text_.size());
      return;
    }
    std::size_t end = i_;
    while (end < text_.size() && !ends_value(text_[end])) ++end;
    if (end > i_) mask_next(end - i_);
  }

  // A run of base64 characters that looks random. A run starting with '/' is
  // a path (or a URL's path): each segment is judged alone, so ordinary
  // segments survive while a token inside the path does not.
  bool generic_token() {
    if (i_ < token_checked_until_) return false;
    const std::size_t chars_end = span(i_, is_token_char);
    if (chars_end == i_) return false;
    if (text_[i_] == '/') {
      // A last segment followed by '=' or ':' may be a key
      // ("/login/password=hunter2") or padded base64: the rules at the next
      // word judge it.
      const bool keyish = chars_end < text_.size() && (text_[chars_end] == '=' || text_[chars_end] == ':');
      redact_path_segments(keyish ? text_.rfind('/', chars_end) + 1 : chars_end);
      return true;
    }
    const std::size_t end = span(chars_end, [](char c) { return c == '='; });
    if (is_high_entropy_token(text_.substr(i_, end - i_))) return mask_next(end - i_);
    // No run starting inside this one can qualify: it is shorter and has no
    // character class this one lacks.
    token_checked_until_ = end;
    return false;
  }

  void redact_path_segments(std::size_t end) {
    while (i_ < end) {
      if (text_[i_] == '/') {
        out_ += text_[i_++];
        continue;
      }
      std::size_t seg_end = i_;
      while (seg_end < end && text_[seg_end] != '/') ++seg_end;
      const std::size_t token = match_key_like_token(text_, i_);
      if (token > 0) {
        mask_next(std::max(token, seg_end - i_));
      } else if (is_high_entropy_token(text_.substr(i_, seg_end - i_))) {
        mask_next(seg_end - i_);
      } else {
        out_.append(text_, i_, seg_end - i_);
        i_ = seg_end;
      }
    }
  }

  std::string_view text_;
  const Redactor& redactor_;
  std::string out_;
  std::size_t i_ = 0;
  // Ends of runs already known not to hold a match for a rule; see the rules.
  std::size_t key_like_checked_until_ = 0;
  std::size_t key_checked_until_ = 0;
  std::size_t token_checked_until_ = 0;
};

}  // namespace

std::string redact_builtin(std::string_view text, const Redactor& redactor) { return Scanner(text, redactor).run(); }

}  // namespace vigil::log::detail
