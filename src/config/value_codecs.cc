#include "config/value_codecs.h"

#include <charconv>
#include <regex>

#include "config/problems.h"
#include "core/byte_size.h"

namespace vigil::config {
namespace {

std::string got(std::string_view text) { return ", got " + quoted(text); }

bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<std::string> check_range(uint64_t value, uint64_t min, uint64_t max, std::string (*show)(uint64_t)) {
  if (value >= min && value <= max) return std::nullopt;
  if (max == std::numeric_limits<uint64_t>::max()) return "must be at least " + show(min) + ", got " + show(value);
  return "must be between " + show(min) + " and " + show(max) + ", got " + show(value);
}

std::string show_integer(uint64_t value) { return std::to_string(value); }

}  // namespace

Parsed<std::string> StringCodec::parse(std::string_view text) const {
  if (required && text.empty()) return std::unexpected("must not be empty");
  return std::string(text);
}

Parsed<bool> BoolCodec::parse(std::string_view text) const {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::unexpected("expected true or false" + got(text));
}

Parsed<uint64_t> UintCodec::parse(std::string_view text) const {
  uint64_t value = 0;
  if (!is_digits(text)) return std::unexpected("expected an integer" + got(text));
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::unexpected("integer out of range" + got(text));
  }
  if (auto problem = check_range(value, min, max, show_integer)) return std::unexpected(*problem);
  return value;
}

Parsed<Duration> DurationCodec::parse(std::string_view text) const {
  auto duration = parse_duration(text);
  if (!duration) return std::unexpected(duration.error().message);
  if (!allow_zero && duration->count() == 0) return std::unexpected("must be greater than 0s");
  return *duration;
}

Parsed<uint64_t> ByteSizeCodec::parse(std::string_view text) const {
  auto size = parse_byte_size(text);
  if (!size) return std::unexpected(size.error().message);
  auto show = [](uint64_t bytes) { return format_byte_size(bytes); };
  if (auto problem = check_range(*size, min, max, show)) return std::unexpected(*problem);
  return *size;
}

std::string ByteSizeCodec::format(uint64_t value) const { return format_byte_size(value); }

std::string EnumCodec::expected() const {
  std::string list;
  for (auto choice : choices) {
    if (!list.empty()) list += ", ";
    list += choice;
  }
  return "one of " + list;
}

Parsed<std::string> EnumCodec::parse(std::string_view text) const {
  for (auto choice : choices) {
    if (text == choice) return std::string(text);
  }
  return std::unexpected("expected " + expected() + got(text));
}

Parsed<std::string> ListenAddressCodec::parse(std::string_view text) const {
  const std::string usage = " (for example 127.0.0.1:9400, 0.0.0.0:9400 or [::1]:9400)";
  std::string_view host, port;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return std::unexpected("expected [ipv6]:port" + usage + got(text));
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::unexpected("expected host:port" + usage + got(text));
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return std::unexpected("an IPv6 address must be written in brackets, as [::1]:9400" + got(text));
    }
  }
  if (host.empty())
    return std::unexpected("the host is empty; write 0.0.0.0:PORT to listen on every interface" + got(text));
  uint32_t number = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (!is_digits(port) || ec != std::errc{} || end != port.data() + port.size() || number > 65535) {
    return std::unexpected("the port must be a number from 0 to 65535" + got(text));
  }
  return std::string(text);
}

ItemProblem check_not_empty(std::string_view item) {
  if (item.empty()) return "must not be empty";
  return std::nullopt;
}

ItemProblem check_bearer_token(std::string_view token) {
  if (token.empty()) return "must not be empty";
  if (token == kSecretPlaceholder) {
    return "is the placeholder that `vigil check config` prints for a hidden token, not a token";
  }
  return std::nullopt;
}

ItemProblem check_url_path(std::string_view path) {
  if (!path.starts_with('/')) return "expected a path starting with /" + got(path);
  return std::nullopt;
}

ItemProblem check_regex(std::string_view pattern) {
  // libstdc++ compiles regular expressions recursively; bound the input so a
  // hostile pattern cannot exhaust the stack.
  constexpr size_t kMaxPattern = 1024;
  if (pattern.size() > kMaxPattern) {
    return "regular expression longer than " + std::to_string(kMaxPattern) + " characters";
  }
  try {
    std::regex compiled(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return "invalid regular expression " + quoted(pattern) + ": " + e.what();
  }
  return std::nullopt;
}

ItemProblem check_label_name_and_value(std::string_view name, std::string_view value) {
  const auto valid = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
  };
  bool ok = !name.empty();
  for (size_t i = 0; ok && i < name.size(); ++i) ok = valid(name[i], i == 0);
  if (!ok) return "invalid label name " + quoted(name);
  if (value.empty()) return "the label " + quoted(name) + " has an empty value";
  return std::nullopt;
}

ItemProblem check_basic_auth_user(std::string_view user, std::string_view bcrypt_hash) {
  if (user.empty()) return "the user name must not be empty";
  if (user.find(':') != std::string_view::npos) {
    return "the user name must not contain ':' (HTTP basic authentication uses it as the separator)";
  }
  // "$2b$" + two-digit cost + "$" + 22 characters of salt and 31 of hash.
  constexpr std::string_view kAlphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bool well_formed =
      bcrypt_hash.size() == 60 &&
      (bcrypt_hash.starts_with("$2a$") || bcrypt_hash.starts_with("$2b$") || bcrypt_hash.starts_with("$2y$")) &&
      is_digits(bcrypt_hash.substr(4, 2)) && bcrypt_hash[6] == '$' &&
      bcrypt_hash.substr(7).find_first_not_of(kAlphabet) == std::string_view::npos;
  if (well_formed) return std::nullopt;
  // The value is a credential, so it is not echoed.
  return "expected a bcrypt hash: $2a$, $2b$ or $2y$, a two-digit cost, $ and 53 characters "
         "(make one with `htpasswd -nbBC 10 \"\" PASSWORD | tr -d ':\\n'`); plain passwords are not accepted";
}

}  // namespace vigil::config
