// Arbitrary bytes as a series in series notation (`metric 1+2x3 _ stale`):
// parsing gives labels and values or a message, never a crash; `_xK` and
// `NxK` with a huge K must not exhaust memory (-rss_limit_mb catches it).

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "promql/series_notation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto desc = vigil::promql::parse_series_desc(text);
  if (!desc && desc.error().empty()) std::abort();
  return 0;
}
