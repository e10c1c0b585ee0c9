// Arbitrary bytes as a `matchers:` entry: parsing gives matchers or an
// error, never a crash; a parsed list prints in a form that parses back to
// the same matchers.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alerting/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto matchers = vigil::alerting::parse_matchers(text);
  if (!matchers) {
    if (matchers.error().message.empty()) std::abort();
    return 0;
  }
  const vigil::alerting::Labels labels{{"a", "b"}, {"alertname", std::string(text.substr(0, 16))}};
  for (const auto& m : *matchers) (void)m.matches(labels);
  auto again = vigil::alerting::parse_matchers(vigil::alerting::matchers_text(*matchers));
  if (!again || *again != *matchers) std::abort();
  return 0;
}
