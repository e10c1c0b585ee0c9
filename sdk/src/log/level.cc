#include "vigil/log/level.h"

#include <cstddef>

namespace vigil::log {
namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) noexcept {
  if (iequals(text, "debug")) return Level::debug;
  if (iequals(text, "info")) return Level::info;
  if (iequals(text, "warn") || iequals(text, "warning")) return Level::warn;
  if (iequals(text, "error")) return Level::error;
  return std::nullopt;
}

std::string_view to_string(Level level) noexcept {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "unknown";
}

}  // namespace vigil::log
