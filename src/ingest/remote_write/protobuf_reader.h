#pragma once
// The protobuf wire format, the reading side: a bounds-checked cursor over
// one message. Every read either succeeds or returns an invalid_argument
// Error naming what was wrong and its byte offset in the outermost message,
// so a client can find the bad byte in what it sent.
//
// Not storage/wal/byte_codec.h's ByteReader: ingest may not use the WAL
// (module rule), its errors are "corruption" of our own files rather than
// bad client input, and protobuf needs fixed32 and per-wire-type skipping.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ingest/remote_write/protobuf_wire.h"

namespace vigil::ingest::protobuf {

struct Tag {
  uint32_t field;
  WireType wire_type;
  size_t offset;  // of the tag's first byte, in the outermost message
};

class Reader {
 public:
  explicit Reader(std::string_view message) : bytes_(message) {}

  bool at_end() const noexcept { return pos_ == bytes_.size(); }
  size_t offset() const noexcept { return base_ + pos_; }

  // The next field's number and wire type; rejects field number 0, numbers
  // past 2^29-1 and the undefined wire types 6 and 7.
  Result<Tag> tag() {
    // One byte holds the key of fields 1 to 15, which is nearly every field.
    if (pos_ < bytes_.size()) {
      const auto key = static_cast<uint8_t>(bytes_[pos_]);
      if (key < 0x80 && (key >> 3) != 0 && (key & 7) <= static_cast<uint8_t>(WireType::i32)) {
        ++pos_;
        return Tag{static_cast<uint32_t>(key >> 3), static_cast<WireType>(key & 7), base_ + pos_ - 1};
      }
    }
    return tag_slow();
  }

  Result<uint64_t> varint() {
    if (pos_ < bytes_.size() && static_cast<uint8_t>(bytes_[pos_]) < 0x80) return static_cast<uint8_t>(bytes_[pos_++]);
    return varint_slow();
  }
  Result<uint64_t> fixed64();
  Result<uint32_t> fixed32();
  // A length-delimited value, pointing into the message.
  Result<std::string_view> len() {
    // A length below 128 that fits: the common case, inline.
    if (pos_ < bytes_.size()) {
      const auto length = static_cast<uint8_t>(bytes_[pos_]);
      if (length < 0x80 && length < remaining()) {
        std::string_view value = bytes_.substr(pos_ + 1, length);
        pos_ += 1 + length;
        return value;
      }
    }
    return len_slow();
  }
  // A length-delimited embedded message, read by a reader of its own whose
  // offsets stay those of the outermost message.
  Result<Reader> message() {
    auto bytes = len();
    if (!bytes) return std::unexpected(bytes.error());
    return Reader(*bytes, offset() - bytes->size());
  }
  // What is left to read, for decoders with a fast path of their own.
  std::string_view unread() const noexcept { return bytes_.substr(pos_); }

  // Passes over the value of a field this decoder does not know, as the
  // protobuf rules for forward compatibility ask; groups (deprecated, but
  // valid) with everything nested in them.
  Result<void> skip(const Tag& tag);

  // An error unless `tag` has `expected` wire type; `field_name` names the
  // field in the message.
  Result<void> expect(const Tag& tag, WireType expected, std::string_view field_name) const {
    if (tag.wire_type == expected) return {};
    return std::unexpected(wrong_wire_type(tag, expected, field_name));
  }

  // An invalid_argument Error: "<what> at byte <offset>".
  static Error error(const std::string& what, size_t offset);

 private:
  Reader(std::string_view bytes, size_t base) : bytes_(bytes), base_(base) {}
  size_t remaining() const noexcept { return bytes_.size() - pos_; }
  Result<void> skip_group(const Tag& start);
  Result<Tag> tag_slow();
  Result<uint64_t> varint_slow();
  Result<std::string_view> len_slow();
  static Error wrong_wire_type(const Tag& tag, WireType expected, std::string_view field_name);

  std::string_view bytes_;
  size_t base_ = 0;  // where bytes_ starts in the outermost message
  size_t pos_ = 0;
};

const char* to_string(WireType type) noexcept;

}  // namespace vigil::ingest::protobuf
