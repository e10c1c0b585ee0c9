#include "ingest/otlp/http_export.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/gzip.h"
#include "google/rpc/status.pb.h"

namespace vigil::ingest::otlp {
namespace {

constexpr std::string_view kProtobuf = "application/x-protobuf";
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";

// gRPC status codes, which OTLP/HTTP error bodies carry.
constexpr int kInvalidArgument = 3;
constexpr int kUnavailable = 14;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<Encoding> encoding_of(std::string_view content_type) {
  const std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  if (iequals(media, kProtobuf)) return Encoding::protobuf;
  if (iequals(media, kJson)) return Encoding::json;
  return std::nullopt;
}

std::string serialize(const google::protobuf::Message& message, Encoding encoding) {
  std::string out;
  if (encoding == Encoding::protobuf) {
    message.SerializeToString(&out);
  } else {
    (void)google::protobuf::util::MessageToJsonString(message, &out);
  }
  return out;
}

HttpExportResponse encoded(unsigned status, const google::protobuf::Message& message, Encoding encoding) {
  return {status, std::string(encoding == Encoding::protobuf ? kProtobuf : kJson), serialize(message, encoding)};
}

HttpExportResponse status_response(unsigned http_status, int code, const std::string& message, Encoding encoding) {
  google::rpc::Status status;
  status.set_code(code);
  status.set_message(message);
  return encoded(http_status, status, encoding);
}

HttpExportResponse text(unsigned status, std::string message) {
  message += '\n';
  return {status, std::string(kTextPlain), std::move(message)};
}

}  // namespace

HttpExportResponse export_over_http(MetricsReceiver& receiver, const HttpExportRequest& request,
                                    uint64_t max_message_bytes) {
  const auto encoding = encoding_of(request.content_type);
  if (!encoding) {
    std::string message = "unsupported Content-Type \"";
    message += request.content_type;
    message += "\": OTLP/HTTP metrics are application/x-protobuf or application/json";
    return text(415, std::move(message));
  }
  const std::string_view content_encoding = trim(request.content_encoding);
  std::string decompressed;
  std::string_view body = request.body;
  if (iequals(content_encoding, "gzip")) {
    auto inflated = gzip_decompress(body, max_message_bytes);
    if (!inflated) {
      // core/gzip reports a body over the limit with this wording.
      if (inflated.error().message.starts_with("gzip data expands beyond")) {
        return text(413, "the gzip body decompresses to more than the limit of " + std::to_string(max_message_bytes) +
                             " bytes (otlp.max_request_bytes)");
      }
      return status_response(400, kInvalidArgument, "Content-Encoding gzip: " + inflated.error().message, *encoding);
    }
    decompressed = std::move(*inflated);
    body = decompressed;
  } else if (!content_encoding.empty() && !iequals(content_encoding, "identity")) {
    std::string message = "unsupported Content-Encoding \"";
    message += request.content_encoding;
    message += "\": use gzip or none";
    return text(415, std::move(message));
  }
  if (body.size() > max_message_bytes) {
    return text(413, "the body is " + std::to_string(body.size()) + " bytes, more than the limit of " +
                         std::to_string(max_message_bytes) + " (otlp.max_request_bytes)");
  }

  auto outcome = receiver.receive(body, *encoding);
  if (!outcome) {
    if (outcome.error().kind == ErrorKind::invalid_argument) {
      return status_response(400, kInvalidArgument, outcome.error().message, *encoding);
    }
    return status_response(503, kUnavailable, outcome.error().message, *encoding);
  }
  opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceResponse response;
  if (outcome->rejected_points > 0 || !outcome->message.empty()) {
    auto* partial = response.mutable_partial_success();
    partial->set_rejected_data_points(static_cast<int64_t>(outcome->rejected_points));
    partial->set_error_message(outcome->message);
  }
  return encoded(200, response, *encoding);
}

}  // namespace vigil::ingest::otlp
