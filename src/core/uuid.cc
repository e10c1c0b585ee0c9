#include "core/uuid.h"

#include <array>
#include <cstdint>
#include <random>

namespace vigil {

std::string new_uuid_v4() {
  // std::random_device reads the kernel's random source on Linux, so ids are
  // unpredictable and differ across restarts.
  thread_local std::random_device device;
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < bytes.size(); i += 4) {
    const uint32_t word = device();
    for (size_t j = 0; j < 4; ++j) bytes[i + j] = static_cast<uint8_t>(word >> (8 * j));
  }
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += kHex[bytes[i] >> 4];
    text += kHex[bytes[i] & 0x0f];
  }
  return text;
}

bool is_uuid_text(std::string_view text) {
  // Groups of 8, 4, 4, 4 and 12 digits; a hyphen may follow each of the first four.
  static constexpr std::array<size_t, 5> kGroups{8, 4, 4, 4, 12};
  size_t i = 0;
  for (size_t g = 0; g < kGroups.size(); ++g) {
    for (size_t d = 0; d < kGroups[g]; ++d, ++i) {
      if (i >= text.size()) return false;
      const char c = text[i];
      const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) return false;
    }
    if (g + 1 < kGroups.size() && i < text.size() && text[i] == '-') ++i;
  }
  return i == text.size();
}

}  // namespace vigil
