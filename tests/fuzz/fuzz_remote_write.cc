// Arbitrary bytes as a remote write request, to the decoder directly and
// through the receiver both as the snappy body itself and snappy-compressed:
// an error or series, never a crash. What decodes re-encodes (with the
// shared encoder) to a request that decodes to the same series, bit for bit.

#include <snappy.h>

#include <algorithm>
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
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries /*invalid*/) override {
    storage::AppendOutcome outcome;
    for (const auto& s : batch) outcome.appended += s.samples.size();
    return outcome;
  }
};

bool same(std::span<const storage::SeriesView> a, std::span<const storage::SeriesView> b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto same_label = [](const storage::LabelView& x, const storage::LabelView& y) {
      return x.name == y.name && x.value == y.value;
    };
    if (!std::ranges::equal(a[i].labels, b[i].labels, same_label) || a[i].samples.size() != b[i].samples.size()) {
      return false;
    }
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

  DecodedWriteRequest decoded;
  auto ok = decode_write_request(input, limits, nullptr, decoded);
  if (ok) {
    WriteRequestEncoder encoder;
    for (const auto& s : decoded.series()) encoder.add(WriteRequestEncoder::encode_labels(s.labels), s.samples);
    const std::string encoded = encoder.take();
    DecodedWriteRequest again;
    if (!decode_write_request(encoded, limits, nullptr, again) || !same(decoded.series(), again.series())) std::abort();
  } else if (ok.error().message.find(" at byte ") == std::string::npos) {
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
  if ((outcome.status == 204) != ok.has_value()) std::abort();
  return 0;
}
