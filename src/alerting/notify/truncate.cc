#include "alerting/notify/truncate.h"

#include "core/go_text.h"

namespace vigil::alerting::notify {

Truncated truncate_runes(std::string_view text, size_t max_runes) {
  // Byte offsets of the first max_runes + 1 runes, as Go's []rune(s) decodes
  // them (an invalid byte is one rune).
  size_t runes = 0, cut = 0, cut_before_last = 0;
  for (size_t i = 0; i < text.size() && runes <= max_runes;) {
    uint32_t rune = 0;
    const size_t n = std::max<size_t>(decode_utf8(text, i, rune), 1);
    ++runes;
    if (runes == max_runes) cut_before_last = i;
    i += n;
    if (runes == max_runes) cut = i;
  }
  if (runes <= max_runes) return {std::string(text), false};
  if (max_runes <= 3) return {std::string(text.substr(0, cut)), true};
  std::string out(text.substr(0, cut_before_last));
  out += "…";
  return {out, true};
}

}  // namespace vigil::alerting::notify
