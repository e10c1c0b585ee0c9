#pragma once
// ASCII character classes shared by the redaction scanners. Locale-free on
// purpose: <cctype> depends on the C locale and is undefined for negative chars.

namespace vigil::log::detail {

constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) { return is_lower(c) || is_upper(c) || is_digit(c); }
constexpr bool is_word(char c) { return is_alnum(c) || c == '_'; }
constexpr bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
constexpr char to_lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace vigil::log::detail
