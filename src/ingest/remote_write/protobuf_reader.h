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
  Result<Tag> tag();

  Result<uint64_t> varint();
  Result<uint64_t> fixed64();
  Result<uint32_t> fixed32();
  // A length-delimited value, pointing into the message.
  Result<std::string_view> len();
  // A length-delimited embedded message, read by a reader of its own whose
  // offsets stay those of the outermost message.
  Result<Reader> message();

  // Passes over the value of a field this decoder does not know, as the
  // protobuf rules for forward compatibility ask; groups (deprecated, but
  // valid) with everything nested in them.
  Result<void> skip(const Tag& tag);

  // An error unless `tag` has `expected` wire type; `field_name` names the
  // field in the message.
  Result<void> expect(const Tag& tag, WireType expected, std::string_view field_name) const;

  // An invalid_argument Error: "<what> at byte <offset>".
  static Error error(const std::string& what, size_t offset);

 private:
  Reader(std::string_view bytes, size_t base) : bytes_(bytes), base_(base) {}
  size_t remaining() const noexcept { return bytes_.size() - pos_; }
  Result<void> skip_group(const Tag& start);

  std::string_view bytes_;
  size_t base_ = 0;  // where bytes_ starts in the outermost message
  size_t pos_ = 0;
};

const char* to_string(WireType type) noexcept;

}  // namespace vigil::ingest::protobuf
