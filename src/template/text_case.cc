#include "template/text_case.h"

#include <cstdint>

#include "core/go_text.h"

namespace vigil::tmpl {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

uint32_t to_upper(uint32_t r) {
  if (r >= 'a' && r <= 'z') return r - 32;
  if (r < 0x80) return r;
  if (r == 0xB5) return 0x39C;  // micro sign -> Greek capital mu
  if (r == 0xFF) return 0x178;
  if ((r >= 0xE0 && r <= 0xFE && r != 0xF7)) return r - 32;
  if (r >= 0x100 && r <= 0x17F) {
    if (r == 0x131) return 'I';  // dotless i
    if (r == 0x17F) return 'S';  // long s
    const bool odd_upper = (r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E);
    if (r == 0x130 || r == 0x138 || r == 0x149) return r;
    if (odd_upper) return r % 2 == 0 ? r - 1 : r;
    return r % 2 == 1 ? r - 1 : r;
  }
  if (r >= 0x3B1 && r <= 0x3C9 && r != 0x3C2) return r - 32;
  if (r == 0x3C2) return 0x3A3;  // final sigma
  if (r >= 0x3AC && r <= 0x3AF) return r == 0x3AC ? 0x386 : r - 37;
  if (r >= 0x3CC && r <= 0x3CE) return r == 0x3CC ? 0x38C : r - 63;
  if (r >= 0x430 && r <= 0x44F) return r - 32;
  if (r >= 0x450 && r <= 0x45F) return r - 80;
  return r;
}

uint32_t to_lower(uint32_t r) {
  if (r >= 'A' && r <= 'Z') return r + 32;
  if (r < 0x80) return r;
  if (r >= 0xC0 && r <= 0xDE && r != 0xD7) return r + 32;
  if (r == 0x178) return 0xFF;
  if (r >= 0x100 && r <= 0x17F) {
    if (r == 0x130) return 'i';
    if (r == 0x131 || r == 0x138 || r == 0x149 || r == 0x17F) return r;
    const bool odd_upper = (r >= 0x139 && r <= 0x148) || (r >= 0x179 && r <= 0x17E);
    if (odd_upper) return r % 2 == 1 ? r + 1 : r;
    return r % 2 == 0 ? r + 1 : r;
  }
  if (r >= 0x391 && r <= 0x3A9 && r != 0x3A2) return r + 32;
  if (r == 0x386) return 0x3AC;
  if (r >= 0x388 && r <= 0x38A) return r + 37;
  if (r == 0x38C) return 0x3CC;
  if (r == 0x38E || r == 0x38F) return r + 63;
  if (r >= 0x410 && r <= 0x42F) return r + 32;
  if (r >= 0x400 && r <= 0x40F) return r + 80;
  return r;
}

bool is_letter_or_digit(uint32_t r) {
  if (r < 0x80) return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
  return to_upper(r) != r || to_lower(r) != r || r >= 0x100;  // beyond Latin-1, assume a letter
}

bool is_unicode_space(uint32_t r) {
  return r == 0x85 || r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
         r == 0x202F || r == 0x205F || r == 0x3000;
}

// Go's isSeparator in strings.Title.
bool is_separator(uint32_t r) {
  if (r <= 0x7F) {
    return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
  }
  if (is_letter_or_digit(r)) return false;
  return is_unicode_space(r);
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

template <class Mapping>
std::string map_runes(std::string_view text, Mapping mapping) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t rune = 0;
    size_t len = decode_utf8(text, i, rune);
    if (len == 0) {
      rune = kReplacement;
      len = 1;
    }
    append_utf8(out, mapping(rune));
    i += len;
  }
  return out;
}

// strings.ToUpper / ToLower: bytes as they are in ASCII text, runes
// (invalid ones as U+FFFD) otherwise.
std::string map_case(std::string_view text, uint32_t (*mapping)(uint32_t)) {
  if (!is_ascii(text)) return map_runes(text, mapping);
  std::string out(text);
  for (char& c : out) c = static_cast<char>(mapping(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string go_to_upper(std::string_view text) { return map_case(text, to_upper); }

std::string go_to_lower(std::string_view text) { return map_case(text, to_lower); }

std::string go_title(std::string_view text) {
  uint32_t previous = ' ';
  return map_runes(text, [&](uint32_t r) {
    const bool start = is_separator(previous);
    previous = r;
    return start ? to_upper(r) : r;
  });
}

}  // namespace vigil::tmpl
