// Arbitrary bytes as a rule unit-test file (promtool test rules format):
// parsing gives the tests or an error naming the problems, never a crash.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rules/rule_test_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = vigil::rules::parse_rule_test_file(text, "fuzz.yml");
  if (!file && file.error().message.empty()) std::abort();
  return 0;
}
