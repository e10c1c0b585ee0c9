#include "vigil/log/level.h"

#include "ascii.h"

namespace vigil::log {
std::optional<Level> parse_level(std::string_view text) noexcept {
  if (ascii::iequals(text, "debug")) return Level::debug;
  if (ascii::iequals(text, "info")) return Level::info;
  if (ascii::iequals(text, "warn") || ascii::iequals(text, "warning")) return Level::warn;
  if (ascii::iequals(text, "error")) return Level::error;
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
