// Arbitrary bytes as an OTLP/JSON ExportMetricsServiceRequest, through
// decoding, translation and the OTLP/HTTP answer; the same invariants as
// fuzz_otlp_protobuf.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_otlp_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::fuzz::exercise_otlp(std::string_view(reinterpret_cast<const char*>(data), size),
                             vigil::ingest::otlp::Encoding::json);
  return 0;
}
