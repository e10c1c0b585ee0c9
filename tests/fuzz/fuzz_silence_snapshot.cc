// Arbitrary bytes as the silences file: decoding gives silences or a
// corruption error naming the file, never a crash; decoded silences encode
// back to the same bytes.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alerting/silence_snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto silences = vigil::alerting::decode_silence_snapshot(bytes, "fuzz");
  if (!silences) {
    if (silences.error().kind != vigil::ErrorKind::corruption) std::abort();
    return 0;
  }
  if (vigil::alerting::encode_silence_snapshot(*silences) != bytes) std::abort();
  return 0;
}
