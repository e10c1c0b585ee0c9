#pragma once

#include <optional>
#include <string_view>

namespace vigil::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// "debug", "info", "warn" (also "warning"), "error"; case-insensitive.
std::optional<Level> parse_level(std::string_view text) noexcept;
std::string_view to_string(Level level) noexcept;

}  // namespace vigil::log
