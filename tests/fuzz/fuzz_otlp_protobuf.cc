// Arbitrary bytes as an OTLP ExportMetricsServiceRequest in binary protobuf,
// through decoding, translation and the OTLP/HTTP answer (with an appender
// that accepts everything and a shared delta converter, so delta state is
// exercised across inputs): an answer, never a crash. Invariants: a body
// that decodes gets 200, one that does not gets 400 with a google.rpc.Status;
// rejected data points never exceed the points in the request.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fuzz_otlp_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vigil::fuzz::exercise_otlp(std::string_view(reinterpret_cast<const char*>(data), size),
                             vigil::ingest::otlp::Encoding::protobuf);
  return 0;
}
