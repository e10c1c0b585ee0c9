// Arbitrary text as a series selector: parsing returns matchers or an error,
// never crashes, and the matchers written back as a selector parse to the
// same matchers.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/index/selector.h"

namespace {

using vigil::storage::index::Matcher;

// Every byte outside printable ASCII as \xNN, so any value round-trips.
std::string quote(std::string_view value) {
  std::string out = "\"";
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = vigil::storage::index::parse_series_selector(text);
  if (!parsed) return 0;

  static constexpr const char* kOps[] = {"=", "!=", "=~", "!~"};
  std::string written = "{";
  for (const Matcher& m : *parsed) {
    written += m.name() + kOps[static_cast<int>(m.type())] + quote(m.value()) + ",";
  }
  written += "}";
  auto again = vigil::storage::index::parse_series_selector(written);
  if (!again || again->size() != parsed->size()) std::abort();
  for (size_t i = 0; i < parsed->size(); ++i) {
    const Matcher& a = (*parsed)[i];
    const Matcher& b = (*again)[i];
    if (a.type() != b.type() || a.name() != b.name() || a.value() != b.value()) std::abort();
  }
  return 0;
}
