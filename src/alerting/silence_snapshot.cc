#include "alerting/silence_snapshot.h"

#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <optional>

namespace vigil::alerting {
namespace {

// Each record: u32 payload length, u32 CRC-32 of the payload (both little
// endian), the payload.
constexpr size_t kRecordHeaderSize = 8;

uint32_t crc32_of(std::string_view bytes) {
  return static_cast<uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

void put_u32(std::string& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

void put_i64(std::string& out, int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
}

void put_string(std::string& out, std::string_view text) {
  put_u32(out, static_cast<uint32_t>(text.size()));
  out += text;
}

int64_t nanos(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

TimePoint from_nanos(int64_t n) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(n)));
}

std::string encode_record(const Silence& silence) {
  std::string payload;
  put_string(payload, silence.id);
  put_i64(payload, nanos(silence.starts_at));
  put_i64(payload, nanos(silence.ends_at));
  put_i64(payload, nanos(silence.updated_at));
  put_string(payload, silence.created_by);
  put_string(payload, silence.comment);
  put_u32(payload, static_cast<uint32_t>(silence.matchers.size()));
  for (const Matcher& m : silence.matchers) {
    payload += static_cast<char>(m.type());
    put_string(payload, m.name());
    put_string(payload, m.value());
  }
  return payload;
}

// Reads the fields of one payload; nullopt when it runs short.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view bytes) : bytes_(bytes) {}

  std::optional<uint32_t> u32() {
    if (bytes_.size() < 4) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<uint8_t>(bytes_[i])) << (8 * i);
    bytes_.remove_prefix(4);
    return value;
  }
  std::optional<int64_t> i64() {
    if (bytes_.size() < 8) return std::nullopt;
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[i])) << (8 * i);
    bytes_.remove_prefix(8);
    return static_cast<int64_t>(value);
  }
  std::optional<uint8_t> u8() {
    if (bytes_.empty()) return std::nullopt;
    const auto value = static_cast<uint8_t>(bytes_[0]);
    bytes_.remove_prefix(1);
    return value;
  }
  std::optional<std::string> string() {
    auto size = u32();
    if (!size || *size > bytes_.size()) return std::nullopt;
    std::string text(bytes_.substr(0, *size));
    bytes_.remove_prefix(*size);
    return text;
  }
  bool at_end() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

// The problem with a payload, or the silence it holds.
std::expected<Silence, std::string> decode_record(std::string_view payload) {
  PayloadReader in(payload);
  Silence silence;
  auto id = in.string();
  auto starts_at = in.i64();
  auto ends_at = in.i64();
  auto updated_at = in.i64();
  auto created_by = in.string();
  auto comment = in.string();
  auto count = in.u32();
  if (!id || !starts_at || !ends_at || !updated_at || !created_by || !comment || !count) {
    return std::unexpected("record is truncated");
  }
  silence.id = std::move(*id);
  silence.starts_at = from_nanos(*starts_at);
  silence.ends_at = from_nanos(*ends_at);
  silence.updated_at = from_nanos(*updated_at);
  silence.created_by = std::move(*created_by);
  silence.comment = std::move(*comment);
  for (uint32_t i = 0; i < *count; ++i) {
    auto type = in.u8();
    auto name = in.string();
    auto value = in.string();
    if (!type || !name || !value) return std::unexpected("record is truncated");
    if (*type > static_cast<uint8_t>(MatchType::not_regexp)) {
      return std::unexpected("unknown matcher type " + std::to_string(*type));
    }
    auto matcher = Matcher::make(static_cast<MatchType>(*type), std::move(*name), std::move(*value));
    if (!matcher) return std::unexpected(matcher.error().message);
    silence.matchers.push_back(std::move(*matcher));
  }
  if (!in.at_end()) return std::unexpected("record has trailing bytes");
  if (silence.id.empty()) return std::unexpected("record has no silence id");
  return silence;
}

}  // namespace

std::string encode_silence_snapshot(const std::vector<Silence>& silences) {
  std::string out(kSilenceSnapshotMagic);
  for (const Silence& silence : silences) {
    const std::string payload = encode_record(silence);
    put_u32(out, static_cast<uint32_t>(payload.size()));
    put_u32(out, crc32_of(payload));
    out += payload;
  }
  return out;
}

Result<std::vector<Silence>> decode_silence_snapshot(std::string_view bytes, std::string_view file_name) {
  const auto damaged = [&](size_t offset, std::string_view problem) {
    std::string message = "silences file ";
    message += file_name;
    message += " is damaged at byte ";
    message += std::to_string(offset);
    message += ": ";
    message += problem;
    return std::unexpected(make_error(ErrorKind::corruption, std::move(message)));
  };
  if (!bytes.starts_with(kSilenceSnapshotMagic)) return damaged(0, "not a Vigil silences file (bad magic)");
  size_t offset = kSilenceSnapshotMagic.size();
  std::vector<Silence> silences;
  while (offset < bytes.size()) {
    PayloadReader header(bytes.substr(offset, kRecordHeaderSize));
    auto size = header.u32();
    auto crc = header.u32();
    if (!crc) return damaged(offset, "record header is truncated");
    const size_t payload_start = offset + kRecordHeaderSize;
    if (*size > bytes.size() - payload_start) return damaged(offset, "record is truncated");
    const std::string_view payload = bytes.substr(payload_start, *size);
    if (crc32_of(payload) != *crc) return damaged(offset, "record checksum mismatch");
    auto silence = decode_record(payload);
    if (!silence) return damaged(offset, silence.error());
    silences.push_back(std::move(*silence));
    offset = payload_start + *size;
  }
  return silences;
}

}  // namespace vigil::alerting
