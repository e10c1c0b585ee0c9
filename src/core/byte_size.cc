#include "core/byte_size.h"

#include <array>
#include <limits>

namespace vigil {
namespace {

struct Unit {
  std::string_view name;
  std::string_view binary_name;
  uint64_t factor;
};

constexpr std::array<Unit, 7> kUnits{{
    {"EB", "EiB", 1ULL << 60},
    {"PB", "PiB", 1ULL << 50},
    {"TB", "TiB", 1ULL << 40},
    {"GB", "GiB", 1ULL << 30},
    {"MB", "MiB", 1ULL << 20},
    {"KB", "KiB", 1ULL << 10},
    {"B", "B", 1},
}};

Error size_error(std::string_view text, std::string_view why) {
  return make_error(ErrorKind::invalid_argument,
                    "invalid byte size \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

Result<uint64_t> parse_byte_size(std::string_view text) {
  size_t i = 0;
  uint64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (value > (std::numeric_limits<uint64_t>::max() - 9) / 10) {
      return std::unexpected(size_error(text, "too large"));
    }
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
    ++i;
  }
  if (i == 0) return std::unexpected(size_error(text, "expected a number like 512MB or 10GiB"));
  std::string_view unit = text.substr(i);
  if (unit.empty()) return value;  // a bare number is bytes
  for (const auto& u : kUnits) {
    if (unit == u.name || unit == u.binary_name) {
      if (value > std::numeric_limits<uint64_t>::max() / u.factor) {
        return std::unexpected(size_error(text, "too large"));
      }
      return value * u.factor;
    }
  }
  return std::unexpected(size_error(text, "unknown unit \"" + std::string(unit) +
                                              "\" (use B, KB, MB, GB, TB, PB or EB)"));
}

std::string format_byte_size(uint64_t bytes) {
  if (bytes == 0) return "0B";
  for (const auto& u : kUnits) {
    if (bytes % u.factor == 0) return std::to_string(bytes / u.factor) + std::string(u.binary_name);
  }
  return std::to_string(bytes) + "B";
}

}  // namespace vigil
