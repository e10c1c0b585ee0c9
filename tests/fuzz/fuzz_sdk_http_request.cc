// The SDK /metrics endpoint's request-head parser: any bytes give one of its
// four answers, and a complete head lies within the input and the limit.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "export/http_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  for (size_t limit : {size_t{64}, size_t{8192}}) {
    const auto parsed = vigil::exporter::parse_request_head(in, limit);
    if (parsed.status == vigil::exporter::HeadStatus::complete) {
      if (parsed.size == 0 || parsed.size > in.size() || parsed.size > limit) std::abort();
      if (!in.substr(0, parsed.size).ends_with("\r\n\r\n")) std::abort();
    }
  }
  return 0;
}
