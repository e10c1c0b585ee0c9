#include "ingest/remote_write/protobuf_reader.h"

#include <vector>

namespace vigil::ingest::protobuf {
namespace {

// Groups nest by recursion in the senders that still write them; a bound keeps
// a hostile "start group" run from growing our stack of open groups forever.
constexpr size_t kMaxGroupDepth = 64;

}  // namespace

const char* to_string(WireType type) noexcept {
  switch (type) {
    case WireType::varint:
      return "varint";
    case WireType::i64:
      return "64-bit";
    case WireType::len:
      return "length-delimited";
    case WireType::sgroup:
      return "start group";
    case WireType::egroup:
      return "end group";
    case WireType::i32:
      return "32-bit";
  }
  return "unknown";
}

Error Reader::error(const std::string& what, size_t offset) {
  return make_error(ErrorKind::invalid_argument, what + " at byte " + std::to_string(offset));
}

Result<uint64_t> Reader::varint_slow() {
  uint64_t v = 0;
  for (size_t i = 0;; ++i) {
    if (i == remaining()) return std::unexpected(error("truncated varint", offset()));
    const auto b = static_cast<uint8_t>(bytes_[pos_ + i]);
    // The tenth byte holds only bit 63: more is a value past 64 bits or an
    // overlong encoding, both refused rather than silently truncated.
    if (i == kMaxVarintBytes - 1 && b > 1) return std::unexpected(error("varint longer than 64 bits", offset()));
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if (b < 0x80) {
      pos_ += i + 1;
      return v;
    }
  }
}

Result<Tag> Reader::tag_slow() {
  const size_t start = offset();
  auto key = varint_slow();
  if (!key) return std::unexpected(key.error());
  const uint64_t field = *key >> 3;
  const auto type = static_cast<uint8_t>(*key & 7);
  if (field == 0 || field > kMaxFieldNumber) {
    return std::unexpected(error("invalid field number " + std::to_string(field), start));
  }
  if (type > static_cast<uint8_t>(WireType::i32)) {
    return std::unexpected(
        error("field " + std::to_string(field) + ": invalid wire type " + std::to_string(type), start));
  }
  return Tag{static_cast<uint32_t>(field), static_cast<WireType>(type), start};
}

Result<uint64_t> Reader::fixed64() {
  if (remaining() < 8) return std::unexpected(error("truncated 64-bit value", offset()));
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
  pos_ += 8;
  return v;
}

Result<uint32_t> Reader::fixed32() {
  if (remaining() < 4) return std::unexpected(error("truncated 32-bit value", offset()));
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes_[pos_ + i])) << (8 * i);
  pos_ += 4;
  return v;
}

Result<std::string_view> Reader::len_slow() {
  const size_t start = offset();
  auto length = varint_slow();
  if (!length) return std::unexpected(length.error());
  if (*length > remaining()) {
    return std::unexpected(error("length " + std::to_string(*length) + " runs past the end of the enclosing message (" +
                                     std::to_string(remaining()) + " bytes left)",
                                 start));
  }
  std::string_view value = bytes_.substr(pos_, *length);
  pos_ += *length;
  return value;
}

Result<void> Reader::skip(const Tag& tag) {
  switch (tag.wire_type) {
    case WireType::varint:
      if (auto v = varint(); !v) return std::unexpected(v.error());
      return {};
    case WireType::i64:
      if (auto v = fixed64(); !v) return std::unexpected(v.error());
      return {};
    case WireType::len:
      if (auto v = len(); !v) return std::unexpected(v.error());
      return {};
    case WireType::i32:
      if (auto v = fixed32(); !v) return std::unexpected(v.error());
      return {};
    case WireType::sgroup:
      return skip_group(tag);
    case WireType::egroup:
      break;
  }
  return std::unexpected(error("field " + std::to_string(tag.field) + ": end group without a start", tag.offset));
}

// Iterative, with the open groups' field numbers on a stack: a group ends at
// the end-group tag of its own field number, and groups nested in it first.
Result<void> Reader::skip_group(const Tag& start) {
  std::vector<uint32_t> open{start.field};
  while (!open.empty()) {
    if (at_end()) {
      return std::unexpected(
          error("group of field " + std::to_string(open.back()) + " has no end before the message ends", offset()));
    }
    auto inner = tag();
    if (!inner) return std::unexpected(inner.error());
    if (inner->wire_type == WireType::sgroup) {
      if (open.size() == kMaxGroupDepth) {
        return std::unexpected(error("groups nested deeper than " + std::to_string(kMaxGroupDepth), inner->offset));
      }
      open.push_back(inner->field);
    } else if (inner->wire_type == WireType::egroup) {
      if (inner->field != open.back()) {
        return std::unexpected(
            error("end of group " + std::to_string(inner->field) + " inside group " + std::to_string(open.back()),
                  inner->offset));
      }
      open.pop_back();
    } else if (auto skipped = skip(*inner); !skipped) {
      return std::unexpected(skipped.error());
    }
  }
  return {};
}

Error Reader::wrong_wire_type(const Tag& tag, WireType expected, std::string_view field_name) {
  return error("field " + std::to_string(tag.field) + " (" + std::string(field_name) + ") has wire type " +
                   to_string(tag.wire_type) + ", expected " + to_string(expected),
               tag.offset);
}

}  // namespace vigil::ingest::protobuf
