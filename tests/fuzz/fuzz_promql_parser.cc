// Arbitrary bytes as a PromQL query: parsing returns a tree or an error,
// never crashes or overflows the stack, and a tree printed and parsed again
// prints the same.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "promql/parser.h"
#include "promql/printer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = vigil::promql::parse_expr(text);
  if (!parsed) return 0;
  std::string printed = vigil::promql::to_string(*parsed);
  auto again = vigil::promql::parse_expr(printed);
  if (!again) std::abort();
  if (vigil::promql::to_string(*again) != printed) std::abort();
  return 0;
}
