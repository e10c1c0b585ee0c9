#pragma once
// Alertmanager's notify.TruncateInRunes: at most `max_runes` code points,
// the last one replaced by "…" when text was cut (no marker when max_runes
// is 3 or less).

#include <string>
#include <string_view>

namespace vigil::alerting::notify {

struct Truncated {
  std::string text;
  bool truncated = false;
};

Truncated truncate_runes(std::string_view text, size_t max_runes);

}  // namespace vigil::alerting::notify
