#pragma once
// Parsing, validation and printing of single configuration values. A codec
// turns text into a typed value or says what is wrong with it; the message
// leaves out where the text came from, the caller adds that.

#include <cstdint>
#include <expected>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"

namespace vigil::config {

template <class T>
using Parsed = std::expected<T, std::string>;

struct StringCodec {
  using Value = std::string;
  std::string expected() const { return "a string"; }
  bool required = false;  // an empty string is an error

  Parsed<std::string> parse(std::string_view text) const;
  std::string format(const std::string& value) const { return value; }
};

struct BoolCodec {
  using Value = bool;
  std::string expected() const { return "true or false"; }

  Parsed<bool> parse(std::string_view text) const;
  std::string format(bool value) const { return value ? "true" : "false"; }
};

// Decimal integers in [min, max].
struct UintCodec {
  using Value = uint64_t;
  std::string expected() const { return "an integer"; }
  uint64_t min = 0;
  uint64_t max = std::numeric_limits<uint64_t>::max();

  Parsed<uint64_t> parse(std::string_view text) const;
  std::string format(uint64_t value) const { return std::to_string(value); }
};

// Prometheus durations ("30s", "1h30m"); zero only when allowed.
struct DurationCodec {
  using Value = Duration;
  std::string expected() const { return "a duration"; }
  bool allow_zero = false;

  Parsed<Duration> parse(std::string_view text) const;
  std::string format(Duration value) const { return format_duration(value); }
};

// Byte sizes ("32MB", "512KiB", or a plain number of bytes) in [min, max].
struct ByteSizeCodec {
  using Value = uint64_t;
  std::string expected() const { return "a byte size"; }
  uint64_t min = 0;
  uint64_t max = std::numeric_limits<uint64_t>::max();

  Parsed<uint64_t> parse(std::string_view text) const;
  std::string format(uint64_t value) const;
};

// One of a fixed set of words, compared exactly.
struct EnumCodec {
  using Value = std::string;
  std::vector<std::string_view> choices;
  std::string expected() const;

  Parsed<std::string> parse(std::string_view text) const;
  std::string format(const std::string& value) const { return value; }
};

// "host:port" or "[ipv6]:port"; port 0 asks the kernel for any free port.
struct ListenAddressCodec {
  using Value = std::string;
  std::string expected() const { return "a host:port address"; }

  Parsed<std::string> parse(std::string_view text) const;
  std::string format(const std::string& value) const { return value; }
};

// Checks of single items of list and map keys; each returns what is wrong.
using ItemProblem = std::optional<std::string>;

ItemProblem check_not_empty(std::string_view item);
// Rejects the "<secret>" placeholder that to_yaml prints, so a printed
// configuration fed back as a file fails instead of accepting that token.
ItemProblem check_bearer_token(std::string_view token);
ItemProblem check_url_path(std::string_view path);
ItemProblem check_regex(std::string_view pattern);
ItemProblem check_basic_auth_user(std::string_view user, std::string_view bcrypt_hash);
// A label name as Prometheus allows it ([a-zA-Z_][a-zA-Z0-9_]*) with a value.
ItemProblem check_label_name_and_value(std::string_view name, std::string_view value);

// What to_yaml prints in place of a secret.
inline constexpr std::string_view kSecretPlaceholder = "<secret>";

}  // namespace vigil::config
