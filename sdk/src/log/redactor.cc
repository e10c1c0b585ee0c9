#include "vigil/log/redactor.h"

#include <utility>

#include "char_class.h"
#include "text_redaction.h"

namespace vigil::log {
namespace {

// Distinctive enough to be secret wherever they appear in a key:
// "db_password", "client_secret", "x_api_key", "set_cookie".
constexpr std::string_view kSubstringKeys[] = {
    "password",   "passwd",      "secret",     "authorization", "api_key",   "apikey",
    "access_key", "private_key", "credential", "cookie",        "signature", "sessionid",
};

// Short words that are also parts of harmless names, so they match only as
// a whole '_'-separated word or at the end of one: "token", "access_token"
// and "refreshtoken" are secret; "tokens_total" is not. Likewise "auth" and
// "oauth" but not "author", "session_id" but not "sessions_active".
constexpr std::string_view kWordKeys[] = {"token", "auth", "pwd", "session"};

// Lowercase, with '-', '.' and ' ' as '_': "X-Api-Key" -> "x_api_key".
std::string normalize_key(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    c = detail::to_lower(c);
    if (c == '-' || c == '.' || c == ' ') c = '_';
  }
  return out;
}

bool has_word_key(std::string_view key) {
  while (!key.empty()) {
    const std::size_t end = key.find('_');
    const std::string_view word = key.substr(0, end);
    for (std::string_view w : kWordKeys) {
      if (word.ends_with(w)) return true;
    }
    if (end == std::string_view::npos) break;
    key.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace

Redactor::Redactor(RedactionOptions options) {
  keys_.reserve(options.extra_keys.size());
  for (const auto& key : options.extra_keys) {
    if (!key.empty()) keys_.push_back(normalize_key(key));
  }
  patterns_.reserve(options.extra_patterns.size());
  for (const auto& pattern : options.extra_patterns) {
    patterns_.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
  }
}

bool Redactor::is_secret_key(std::string_view key) const {
  const std::string k = normalize_key(key);
  for (std::string_view s : kSubstringKeys) {
    if (k.find(s) != std::string::npos) return true;
  }
  for (const auto& s : keys_) {
    if (k.find(s) != std::string::npos) return true;
  }
  return has_word_key(k);
}

std::string Redactor::redact_text(std::string_view text) const {
  if (patterns_.empty()) return detail::redact_builtin(text, *this);
  // Configured patterns go first: their masks are then left alone by the
  // built-in rules, while the reverse order could let a pattern match
  // inside a mask.
  std::string s(text);
  for (const auto& re : patterns_) {
    s = std::regex_replace(s, re, std::string(kMask), std::regex_constants::match_not_null);
  }
  return detail::redact_builtin(s, *this);
}

void Redactor::redact(Field& field) const {
  if (is_secret_key(field.key)) {
    field.value = std::string(kMask);
  } else if (auto* s = std::get_if<std::string>(&field.value)) {
    *s = redact_text(*s);
  }
}

}  // namespace vigil::log
