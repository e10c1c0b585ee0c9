#include "core/duration.h"

#include <array>
#include <cstdint>
#include <limits>

namespace vigil {
namespace {

struct Unit {
  std::string_view name;
  int64_t millis;
};

// Ordered largest first; parsing requires this order, formatting uses it.
constexpr std::array<Unit, 7> kUnits{{
    {"y", 365LL * 24 * 3600 * 1000},
    {"w", 7LL * 24 * 3600 * 1000},
    {"d", 24LL * 3600 * 1000},
    {"h", 3600LL * 1000},
    {"m", 60LL * 1000},
    {"s", 1000},
    {"ms", 1},
}};

Error duration_error(std::string_view text, std::string_view why) {
  return make_error(ErrorKind::invalid_argument,
                    "invalid duration \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration{0};
  if (text.empty()) return std::unexpected(duration_error(text, "empty"));
  int64_t total = 0;
  size_t next_unit = 0;  // units must appear largest first, each once
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      return std::unexpected(duration_error(text, "expected a number like 30s, 5m or 1h30m"));
    }
    int64_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (value > (std::numeric_limits<int64_t>::max() - 9) / 10) {
        return std::unexpected(duration_error(text, "too large"));
      }
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    size_t unit_end = i;
    while (unit_end < text.size() && (text[unit_end] < '0' || text[unit_end] > '9')) ++unit_end;
    std::string_view unit = text.substr(i, unit_end - i);
    if (unit.empty()) return std::unexpected(duration_error(text, "missing unit (ms, s, m, h, d, w or y)"));
    size_t u = next_unit;
    while (u < kUnits.size() && kUnits[u].name != unit) ++u;
    if (u == kUnits.size()) {
      bool known = false;
      for (const auto& k : kUnits) known = known || k.name == unit;
      return std::unexpected(duration_error(
          text, known ? "units must go from largest to smallest, each at most once"
                      : "unknown unit \"" + std::string(unit) + "\" (use ms, s, m, h, d, w or y)"));
    }
    if (value > std::numeric_limits<int64_t>::max() / kUnits[u].millis ||
        total > std::numeric_limits<int64_t>::max() - value * kUnits[u].millis) {
      return std::unexpected(duration_error(text, "too large"));
    }
    total += value * kUnits[u].millis;
    next_unit = u + 1;
    i = unit_end;
  }
  return Duration{total};
}

std::string format_duration(Duration d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  for (const auto& unit : kUnits) {
    if (ms >= unit.millis) {
      out += std::to_string(ms / unit.millis);
      out += unit.name;
      ms %= unit.millis;
    }
  }
  return out;
}

}  // namespace vigil
