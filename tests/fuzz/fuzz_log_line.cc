// Arbitrary message and field values: every log line stays one line of valid
// UTF-8 that starts with {"ts": and ends with }.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "vigil/log/logger.h"

namespace {

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t j = 1; j < n; ++j) {
      if ((static_cast<unsigned char>(s[i + j]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto redactor = std::make_shared<const vigil::log::Redactor>();
  auto sink = std::make_shared<vigil::log::MemorySink>();
  vigil::log::Logger logger("fuzz", sink, vigil::log::Level::debug, redactor);
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t split = in.find('\0');
  std::string_view msg = in.substr(0, split);
  std::string_view value = split == std::string_view::npos ? std::string_view() : in.substr(split + 1);
  logger.info(msg, {{std::string(value.substr(0, 8)), std::string(value)}, {"password", std::string(value)}});
  auto lines = sink->lines();
  const std::string& line = lines.back();
  if (!line.starts_with("{\"ts\":\"") || !line.ends_with("}\n")) std::abort();
  if (line.find('\n') != line.size() - 1) std::abort();
  if (!valid_utf8(line)) std::abort();
  // The value of a secret key never appears, whatever it is.
  if (value.size() > 3 && value != vigil::log::Redactor::kMask &&
      line.find("\"password\":\"" + std::string(value) + "\"") != std::string::npos) {
    std::abort();
  }
  return 0;
}
