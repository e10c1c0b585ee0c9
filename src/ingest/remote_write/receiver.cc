#include "ingest/remote_write/receiver.h"

#include <snappy.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "ingest/remote_write/write_request.h"

namespace vigil::ingest::remote_write {
namespace {

constexpr unsigned kNoContent = 204;
constexpr unsigned kBadRequest = 400;
constexpr unsigned kPayloadTooLarge = 413;
constexpr unsigned kUnsupportedMediaType = 415;
constexpr unsigned kInternalServerError = 500;

// Decode buffers a thread keeps between requests: enough for the usual
// requests of a few thousand series.
constexpr size_t kKeptBufferBytes = 8 << 20;

constexpr std::string_view kProtobufMediaType = "application/x-protobuf";
constexpr std::string_view kV1Message = "prometheus.WriteRequest";
constexpr std::string_view kV2Message = "io.prometheus.write.v2.Request";

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

WriteOutcome refuse(unsigned status, std::string message) { return WriteOutcome{status, std::move(message), {}}; }

// Why the Content-Type is not remote write 1.0, or nullopt when it is. No
// Content-Type at all is taken as 1.0, as Prometheus does for early senders;
// `application/x-protobuf` without `proto=` is 1.0 by the 2.0 specification.
std::optional<std::string> content_type_problem(std::string_view content_type) {
  if (trim(content_type).empty()) return std::nullopt;
  std::string_view rest = content_type;
  const size_t semicolon = rest.find(';');
  if (!iequals(trim(rest.substr(0, semicolon)), kProtobufMediaType)) {
    return "unsupported Content-Type \"" + std::string(content_type) + "\": remote write needs " +
           std::string(kProtobufMediaType);
  }
  rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
  while (!rest.empty()) {
    const size_t next = rest.find(';');
    const std::string_view parameter = trim(rest.substr(0, next));
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next + 1);
    const size_t equals = parameter.find('=');
    if (equals == std::string_view::npos || !iequals(trim(parameter.substr(0, equals)), "proto")) continue;
    std::string_view proto = trim(parameter.substr(equals + 1));
    if (proto.size() >= 2 && proto.front() == '"' && proto.back() == '"') proto = proto.substr(1, proto.size() - 2);
    if (proto == kV1Message) return std::nullopt;
    if (proto == kV2Message) {
      return "remote write 2.0 (proto=" + std::string(kV2Message) +
             ") is not supported: only remote write 1.0 (proto=" + std::string(kV1Message) + ") is";
    }
    return "unsupported remote write message proto=" + std::string(proto) +
           ": only remote write 1.0 (proto=" + std::string(kV1Message) + ") is supported";
  }
  return std::nullopt;
}

// Refs of the series that were decoded from their labels, under their label bytes.
void remember_refs(SeriesRefCache& cache, const DecodedWriteRequest& decoded, const storage::AppendOutcome& appended) {
  const auto series = decoded.series();
  for (size_t i = 0; i < series.size() && i < appended.refs.size(); ++i) {
    if (series[i].ref != 0 || appended.refs[i] == 0) continue;
    if (auto bytes = decoded.label_bytes(i)) cache.insert(*bytes, SeriesRefCache::hash(*bytes), appended.refs[i]);
  }
}

// Series sent by a ref that storage no longer knows (they left the head
// while idle): forgotten by the cache, decoded from their labels and
// appended again, their outcome added to `appended`'s.
Result<void> append_unknown(storage::Appender& appender, std::string_view message, const ReceiverOptions& options,
                            const DecodedWriteRequest& decoded, storage::AppendOutcome& appended) {
  for (uint32_t i : appended.unknown_refs) {
    const std::string_view bytes = *decoded.label_bytes(i);  // only series with label bytes had a ref
    options.series_refs->forget(bytes, SeriesRefCache::hash(bytes));
  }
  DecodedWriteRequest full;
  if (auto ok = decode_write_request(message, options.label_limits, nullptr, full); !ok) return ok;
  std::vector<storage::SeriesView> retry;
  for (uint32_t i : appended.unknown_refs) retry.push_back(full.series()[i]);
  auto again = appender.append_views(retry, storage::InvalidSeries::refuse_batch);
  if (!again) return std::unexpected(again.error());
  appended.appended += again->appended;
  appended.series_created += again->series_created;
  if (appended.first_error.empty()) appended.first_error = again->first_error;
  for (storage::SampleReject reject : again->rejects) {
    reject.series_index = appended.unknown_refs[reject.series_index];
    appended.rejects.push_back(reject);
  }
  for (size_t k = 0; k < retry.size() && k < again->refs.size(); ++k) {
    const uint32_t i = appended.unknown_refs[k];
    appended.refs[i] = again->refs[k];
    if (again->refs[k] != 0) {
      const std::string_view bytes = *decoded.label_bytes(i);
      options.series_refs->insert(bytes, SeriesRefCache::hash(bytes), again->refs[k]);
    }
  }
  appended.unknown_refs.clear();
  return {};
}

}  // namespace

WriteOutcome receive_write_request(storage::Appender& appender, const WriteRequestHeaders& headers,
                                   std::string_view body, const ReceiverOptions& options) {
  if (auto problem = content_type_problem(headers.content_type)) return refuse(kUnsupportedMediaType, *problem);
  // No Content-Encoding is taken as snappy, as Prometheus does; anything else
  // is refused with 415, as Prometheus and the 2.0 specification answer.
  if (!trim(headers.content_encoding).empty() && !iequals(trim(headers.content_encoding), "snappy")) {
    return refuse(kUnsupportedMediaType, "unsupported Content-Encoding \"" + std::string(headers.content_encoding) +
                                             "\": remote write bodies are snappy-compressed");
  }

  // The block format starts with the decompressed length: checked before any
  // memory is taken for it.
  size_t length = 0;
  if (!snappy::GetUncompressedLength(body.data(), body.size(), &length)) {
    return refuse(kBadRequest, "body is not snappy block format: bad length header");
  }
  if (length > options.max_decompressed_bytes) {
    return refuse(kPayloadTooLarge, "body decompresses to " + std::to_string(length) +
                                        " bytes, more than the limit of " +
                                        std::to_string(options.max_decompressed_bytes));
  }
  // Per thread and reused: in the steady state a request allocates nothing
  // to decompress and decode. What a rare huge request took is given back.
  thread_local std::string message;
  thread_local DecodedWriteRequest decoded;
  struct Release {
    ~Release() {
      if (message.capacity() > kKeptBufferBytes) std::string().swap(message);
      decoded.release_beyond(kKeptBufferBytes);
    }
  } release;
  if (!snappy::Uncompress(body.data(), body.size(), &message)) {
    return refuse(kBadRequest, "body is not snappy block format: corrupt compressed data");
  }

  if (auto ok = decode_write_request(message, options.label_limits, options.series_refs, decoded); !ok) {
    return refuse(kBadRequest, "invalid remote write request: " + ok.error().message);
  }

  WriteOutcome outcome;
  outcome.counts.samples_received = decoded.sample_count();
  if (decoded.series().empty()) return outcome;

  // A series with invalid labels refuses the whole request, as Prometheus
  // rolls back a request that fails part way.
  auto appended = appender.append_views(decoded.series(), storage::InvalidSeries::refuse_batch);
  if (appended && options.series_refs != nullptr) {
    remember_refs(*options.series_refs, decoded, *appended);
    if (!appended->unknown_refs.empty()) {
      auto again = append_unknown(appender, message, options, decoded, *appended);
      if (!again) appended = std::unexpected(again.error());
    }
  }
  if (!appended) {
    if (appended.error().kind == ErrorKind::invalid_argument) {
      return refuse(kBadRequest, "invalid remote write request: " + appended.error().message);
    }
    outcome.status = kInternalServerError;
    outcome.message = "storage: " + appended.error().message;
    return outcome;
  }
  outcome.counts.samples_appended = appended->appended;
  for (const storage::SampleReject& reject : appended->rejects) ++outcome.counts.samples_rejected[reject.reason];
  if (!appended->rejects.empty()) {
    // The count tells the sender that the rest of its request was stored.
    outcome.status = kBadRequest;
    outcome.message = appended->first_error + " (" + std::to_string(appended->rejects.size()) + " of " +
                      std::to_string(outcome.counts.samples_received) + " samples refused, the others stored)";
  }
  return outcome;
}

}  // namespace vigil::ingest::remote_write
