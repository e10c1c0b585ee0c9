#include "secret_shapes.h"

#include <algorithm>
#include <cstdint>

#include "char_class.h"

namespace vigil::log::detail {
namespace {

bool is_alnum_dash(char c) { return is_alnum(c) || c == '-'; }
bool is_upper_alnum(char c) { return is_upper(c) || is_digit(c); }

std::size_t run_length(std::string_view text, std::size_t pos, bool (*in_class)(char)) {
  std::size_t n = 0;
  while (pos + n < text.size() && in_class(text[pos + n])) ++n;
  return n;
}

bool has_digit(std::string_view s) {
  for (char c : s) {
    if (is_digit(c)) return true;
  }
  return false;
}

// header.payload.signature, each base64url; both JSON parts start with "{"
// and so encode to "eyJ". The signature is empty for unsigned tokens.
std::size_t match_jwt(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  for (int part = 0; part < 2; ++part) {
    if (text.substr(end, 3) != "eyJ") return 0;
    const std::size_t n = run_length(text, end, is_base64url);
    if (n < 8 || end + n >= text.size() || text[end + n] != '.') return 0;
    end += n + 1;
  }
  return end + run_length(text, end, is_base64url) - pos;
}

struct Prefix {
  std::string_view prefix;
  bool (*tail_class)(char);
  std::size_t min_tail;
  bool tail_needs_digit;  // keeps prose such as "sk-learn-preprocessing" out
};

constexpr Prefix kPrefixes[] = {
    {"sk_live_", is_base64url, 16, true},  // Stripe secret keys
    {"sk_test_", is_base64url, 16, true},
    {"rk_live_", is_base64url, 16, true},  // Stripe restricted keys
    {"pk_live_", is_base64url, 16, true},
    {"sk-", is_base64url, 16, true},  // OpenAI, Anthropic and others
    {"github_pat_", is_base64url, 16, false},
    {"ghp_", is_alnum, 16, false},  // GitHub personal, OAuth, user,
    {"gho_", is_alnum, 16, false},  // server and refresh tokens
    {"ghu_", is_alnum, 16, false},
    {"ghs_", is_alnum, 16, false},
    {"ghr_", is_alnum, 16, false},
    {"xoxa-", is_alnum_dash, 10, false},  // Slack
    {"xoxb-", is_alnum_dash, 10, false},
    {"xoxp-", is_alnum_dash, 10, false},
    {"xoxo-", is_alnum_dash, 10, false},
    {"xoxs-", is_alnum_dash, 10, false},
    {"xoxr-", is_alnum_dash, 10, false},
};

std::size_t match_prefixed(std::string_view text, std::size_t pos) {
  const std::string_view rest = text.substr(pos);
  for (const auto& p : kPrefixes) {
    if (!rest.starts_with(p.prefix)) continue;
    const std::size_t n = run_length(rest, p.prefix.size(), p.tail_class);
    // Only the start of the tail is searched for a digit, which bounds the
    // work done for a long run that turns out not to be a key.
    const std::string_view head = rest.substr(p.prefix.size(), std::min<std::size_t>(n, 64));
    if (n >= p.min_tail && (!p.tail_needs_digit || has_digit(head))) return p.prefix.size() + n;
  }
  return 0;
}

// AKIA (long-term) or ASIA (temporary) and exactly 16 more, a whole word.
std::size_t match_aws_access_key_id(std::string_view text, std::size_t pos) {
  const std::string_view rest = text.substr(pos);
  if (!rest.starts_with("AKIA") && !rest.starts_with("ASIA")) return 0;
  const std::size_t n = run_length(rest, 4, is_upper_alnum);
  if (n != 16) return 0;
  if (rest.size() > 20 && is_word(rest[20])) return 0;
  return 20;
}

}  // namespace

std::size_t match_key_like_token(std::string_view text, std::size_t pos) {
  // Dispatch on the first character: this runs at every word of every line.
  switch (pos < text.size() ? text[pos] : '\0') {
    case 'e':
      return match_jwt(text, pos);
    case 'g':
    case 'p':
    case 'r':
    case 's':
    case 'x':
      return match_prefixed(text, pos);
    case 'A':
      return match_aws_access_key_id(text, pos);
    default:
      return 0;
  }
}

std::size_t match_private_key_block(std::string_view text, std::size_t pos) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  constexpr std::size_t kMaxLabel = 64;  // bounds the work per "-----BEGIN "
  const std::string_view rest = text.substr(pos);
  if (rest.empty() || rest[0] != '-' || !rest.starts_with(kBegin)) return 0;
  const std::size_t label_end = rest.substr(0, kBegin.size() + kMaxLabel + kDashes.size()).find(kDashes, kBegin.size());
  if (label_end == std::string_view::npos) return 0;
  if (!rest.substr(0, label_end).ends_with("PRIVATE KEY")) return 0;
  const std::size_t end_line = rest.find("-----END ", label_end + kDashes.size());
  if (end_line == std::string_view::npos) return rest.size();
  const std::size_t end_dashes = rest.find(kDashes, end_line + kDashes.size() + 4);
  if (end_dashes == std::string_view::npos) return rest.size();
  return end_dashes + kDashes.size();
}

bool is_token_char(char c) { return is_alnum(c) || c == '_' || c == '-' || c == '+' || c == '/'; }

bool is_high_entropy_token(std::string_view token) {
  if (token.size() < 32) return false;
  bool upper = false;
  bool lower = false;
  bool digit = false;
  std::size_t letters = 0;
  std::size_t in_words = 0;  // letters in runs of 3+ lowercase letters
  std::size_t run = 0;
  for (char c : token) {
    upper |= is_upper(c);
    lower |= is_lower(c);
    digit |= is_digit(c);
    letters += is_upper(c) || is_lower(c);
    if (is_lower(c)) {
      ++run;
      continue;
    }
    if (run >= 3) in_words += run;
    run = 0;
  }
  if (run >= 3) in_words += run;
  // Identifiers made of words ("ReadTimeoutExceededWhileWaiting2") have
  // 70-90% of their letters in such runs; random base64 about 17%, and 70%
  // or more in fewer than 1 of 2,000 tokens of 32 characters.
  return upper && lower && digit && 10 * in_words < 7 * letters;
}

bool is_basic_credentials(std::string_view credentials) {
  // Decode standard base64 (padding optional) and look for the ':' that
  // separates user and password; ordinary words after "Basic" fail this.
  while (credentials.ends_with('=')) credentials.remove_suffix(1);
  if (credentials.size() < 2 || credentials.size() % 4 == 1) return false;
  uint32_t bits = 0;
  int nbits = 0;
  bool colon = false;
  for (char c : credentials) {
    int v;
    if (is_upper(c))
      v = c - 'A';
    else if (is_lower(c))
      v = c - 'a' + 26;
    else if (is_digit(c))
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else
      return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      colon |= ((bits >> nbits) & 0xFF) == ':';
    }
  }
  return colon;
}

}  // namespace vigil::log::detail
