// Arbitrary bytes as a remote write request, to the decoder directly and
// through the receiver both as the snappy body itself and snappy-compressed:
// an error or series, never a crash. What decodes re-encodes (with the
// shared encoder) to a request that decodes to the same series, bit for bit.

#include <snappy.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/remote_write/receiver.h"
#include "ingest/remote_write/write_request.h"
#include "ingest/remote_write/write_request_encoder.h"

namespace {

using namespace vigil;
using namespace vigil::ingest::remote_write;

class AcceptingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append(std::span<const storage::SeriesSamples> batch) override {
    storage::AppendOutcome outcome;
    for (const auto& s : batch) outcome.appended += s.samples.size();
    return outcome;
  }
};

bool same(const std::vector<storage::SeriesSamples>& a, const std::vector<storage::SeriesSamples>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].labels != b[i].labels || a[i].samples.size() != b[i].samples.size()) return false;
    for (size_t j = 0; j < a[i].samples.size(); ++j) {
      if (a[i].samples[j].t != b[i].samples[j].t ||
          std::bit_cast<uint64_t>(a[i].samples[j].v) != std::bit_cast<uint64_t>(b[i].samples[j].v)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const storage::LabelLimits limits;

  auto decoded = decode_write_request(input, limits);
  if (decoded) {
    WriteRequestEncoder encoder;
    for (const auto& s : *decoded) encoder.add(WriteRequestEncoder::encode_labels(s.labels), s.samples);
    auto again = decode_write_request(encoder.take(), limits);
    if (!again || !same(*decoded, *again)) std::abort();
  } else if (decoded.error().message.find(" at byte ") == std::string::npos) {
    std::abort();  // every decode error names where
  }

  AcceptingAppender appender;
  ReceiverOptions options;
  options.max_decompressed_bytes = 1 << 20;
  const WriteRequestHeaders headers{"application/x-protobuf", "snappy"};
  (void)receive_write_request(appender, headers, input, options);

  std::string compressed;
  snappy::Compress(input.data(), input.size(), &compressed);
  auto outcome = receive_write_request(appender, headers, compressed, options);
  if ((outcome.status == 204) != decoded.has_value()) std::abort();
  return 0;
}
