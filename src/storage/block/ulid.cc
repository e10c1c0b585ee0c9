#include "storage/block/ulid.h"

#include <chrono>
#include <mutex>
#include <random>

namespace vigil::storage::block {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int digit_value(char c) {
  size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::string format_ulid(uint64_t ms, const std::array<uint8_t, 10>& random) {
  // 128 bits as 16 big-endian bytes; 26 digits of 5 bits take 130 bits, so the
  // first digit holds only the top 3 bits.
  std::array<uint8_t, 16> bytes{};
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
  for (int i = 0; i < 10; ++i) bytes[6 + i] = random[i];
  std::string out(kUlidLength, '0');
  for (size_t d = 0; d < kUlidLength; ++d) {
    // Digit d covers bits [5d - 2, 5d + 3) of the 128-bit big-endian value.
    unsigned value = 0;
    for (int b = 0; b < 5; ++b) {
      int bit = static_cast<int>(d) * 5 - 2 + b;
      unsigned v = bit < 0 ? 0 : (bytes[bit / 8] >> (7 - bit % 8)) & 1;
      value = (value << 1) | v;
    }
    out[d] = kAlphabet[value];
  }
  return out;
}

std::string new_ulid() {
  static std::mutex mu;
  static uint64_t last_ms = 0;
  static std::array<uint8_t, 10> last_random{};
  static std::mt19937_64 rng(std::random_device{}());

  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::lock_guard lock(mu);
  uint64_t ms = static_cast<uint64_t>(now) & ((uint64_t{1} << 48) - 1);
  if (ms <= last_ms) {
    // Same (or an earlier, the clock stepped back) millisecond: stay after
    // the previous id. The 80-bit increment overflowing would need 2^80 ids.
    ms = last_ms;
    for (int i = 9; i >= 0 && ++last_random[i] == 0; --i) {
    }
  } else {
    for (auto& b : last_random) b = static_cast<uint8_t>(rng());
  }
  last_ms = ms;
  return format_ulid(ms, last_random);
}

bool is_ulid(std::string_view text) {
  if (text.size() != kUlidLength) return false;
  for (char c : text) {
    if (digit_value(c) < 0) return false;
  }
  return digit_value(text[0]) <= 7;
}

std::optional<uint64_t> ulid_time_ms(std::string_view text) {
  if (!is_ulid(text)) return std::nullopt;
  // The first 10 digits hold 50 bits: 2 zero bits and the 48-bit time.
  uint64_t ms = 0;
  for (size_t d = 0; d < 10; ++d) ms = (ms << 5) | static_cast<uint64_t>(digit_value(text[d]));
  return ms;
}

}  // namespace vigil::storage::block
