#include "ingest/otlp/decode.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/wire_format_lite.h>

#include <limits>
#include <string>

#include "storage/labels/utf8.h"

namespace vigil::ingest::otlp {
namespace {

using google::protobuf::internal::WireFormatLite;

// libprotobuf says only that parsing failed; walking the top-level fields
// finds where the bytes stop making sense, for the error message.
std::string locate_protobuf_problem(std::string_view body) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(body.data()),
                                            static_cast<int>(body.size()));
  for (;;) {
    const int at = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (in.CurrentPosition() >= static_cast<int>(body.size())) break;
      return "invalid field tag at byte " + std::to_string(at);
    }
    if (!WireFormatLite::SkipField(&in, tag)) {
      return "field " + std::to_string(WireFormatLite::GetTagFieldNumber(tag)) +
             " truncated or malformed at byte " + std::to_string(at);
    }
  }
  return "a nested message is truncated or malformed, or nested too deeply";
}

}  // namespace

Result<ExportRequest> decode_request(std::string_view body, Encoding encoding) {
  ExportRequest request;
  if (encoding == Encoding::protobuf) {
    if (body.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
      return std::unexpected(make_error(ErrorKind::invalid_argument, "protobuf body over 2 GiB"));
    }
    if (!request.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      std::string message = "invalid protobuf ExportMetricsServiceRequest: ";
      message += locate_protobuf_problem(body);
      return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
    }
    return request;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), &request, options);
  if (!status.ok()) {
    // libprotobuf quotes the input around the problem, which may be invalid
    // UTF-8: escaped, so that the message can travel in a google.rpc.Status.
    constexpr size_t kMaxDetail = 1000;
    std::string message = "invalid OTLP/JSON ExportMetricsServiceRequest: ";
    const std::string_view detail(status.message().data(), status.message().size());
    message += storage::escape_invalid_utf8(detail.substr(0, kMaxDetail));
    return std::unexpected(make_error(ErrorKind::invalid_argument, std::move(message)));
  }
  return request;
}

}  // namespace vigil::ingest::otlp
