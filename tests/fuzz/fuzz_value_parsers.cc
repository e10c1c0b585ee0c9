// The small parsers of request and configuration values. The first byte picks
// the parser; the rest is its input.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/http/gzip.h"
#include "api/http/listen_address.h"
#include "api/http/time_param.h"
#include "api/http/url.h"
#include "core/base64.h"
#include "core/byte_size.h"
#include "core/duration.h"
#include "core/gzip.h"
#include "vigil/trace/traceparent.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      if (auto d = vigil::parse_duration(in)) {
        auto again = vigil::parse_duration(vigil::format_duration(*d));
        if (!again || *again != *d) std::abort();
      }
      break;
    case 1:
      if (auto b = vigil::parse_byte_size(in)) {
        auto again = vigil::parse_byte_size(vigil::format_byte_size(*b));
        if (!again || *again != *b) std::abort();
      }
      break;
    case 2:
      if (auto s = vigil::base64_decode(in); s && vigil::base64_encode(*s) != in) std::abort();
      break;
    case 3:
      (void)vigil::api::parse_form(in);
      break;
    case 4:
      (void)vigil::api::parse_target(in);
      break;
    case 5:
      (void)vigil::api::parse_listen_address(in);
      break;
    case 6:
      (void)vigil::api::accepts_gzip(in);
      break;
    case 7:
      if (auto tp = vigil::trace::parse_traceparent(in)) {
        auto again = vigil::trace::parse_traceparent(vigil::trace::format_traceparent(*tp));
        if (!again || again->trace_id != tp->trace_id || again->parent_id != tp->parent_id) std::abort();
      }
      break;
    case 8:
      (void)vigil::gzip_decompress(in, 1 << 20);
      break;
    case 9:
      (void)vigil::api::parse_time_param(in);
      break;
  }
  return 0;
}
