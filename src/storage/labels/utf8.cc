#include "storage/labels/utf8.h"

#include <cstdint>
#include <cstring>

namespace vigil::storage {

size_t utf8_sequence_length(std::string_view text, size_t pos) noexcept {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[pos + i]); };
  auto continuation = [&](size_t i, uint8_t low = 0x80, uint8_t high = 0xBF) {
    return pos + i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  uint8_t lead = byte(0);
  // Ranges from the Unicode Standard, table 3-7 (well-formed byte sequences).
  if (lead <= 0x7F) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(1) ? 2 : 0;
  if (lead == 0xE0) return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
  if (lead == 0xED) return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
  if (lead >= 0xE1 && lead <= 0xEF) return continuation(1) && continuation(2) ? 3 : 0;
  if (lead == 0xF0) return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
  if (lead >= 0xF1 && lead <= 0xF3) return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  if (lead == 0xF4) return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
  return 0;
}

bool is_valid_utf8(std::string_view text) noexcept {
  // Label values are nearly always ASCII: eight bytes at a time while they are.
  size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  while (pos < text.size()) {
    size_t length = utf8_sequence_length(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string escape_invalid_utf8(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    size_t length = utf8_sequence_length(text, pos);
    if (length == 0) {
      auto b = static_cast<uint8_t>(text[pos]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      pos += 1;
    } else {
      out.append(text, pos, length);
      pos += length;
    }
  }
  return out;
}

}  // namespace vigil::storage
