#pragma once
// The protobuf wire format (protobuf.dev/programming-guides/encoding), the
// writing side: varints, tags and length-delimited fields appended to a
// string. Written by hand because the messages Vigil receives are few and
// small and a hand decoder can name the byte where input goes wrong; not tied
// to remote write, so the OTLP decoder can use it too.

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::ingest::protobuf {

enum class WireType : uint8_t {
  varint = 0,
  i64 = 1,  // fixed64, sfixed64, double
  len = 2,  // strings, bytes, embedded messages, packed repeated fields
  sgroup = 3,
  egroup = 4,
  i32 = 5,  // fixed32, sfixed32, float
};

// The longest varint: ten 7-bit groups hold 64 bits.
inline constexpr size_t kMaxVarintBytes = 10;

// Field numbers are 29 bits: the tag's low three bits are the wire type.
inline constexpr uint32_t kMaxFieldNumber = (1u << 29) - 1;

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

inline void put_tag(std::string& out, uint32_t field, WireType type) {
  put_varint(out, uint64_t{field} << 3 | static_cast<uint8_t>(type));
}

// int64 is a plain varint of the two's complement: ten bytes when negative.
inline void put_int64(std::string& out, uint32_t field, int64_t v) {
  put_tag(out, field, WireType::varint);
  put_varint(out, static_cast<uint64_t>(v));
}

inline void put_double(std::string& out, uint32_t field, double v) {
  put_tag(out, field, WireType::i64);
  const auto bits = std::bit_cast<uint64_t>(v);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(bits >> (8 * i)));
}

// A string, bytes, or an already encoded embedded message.
inline void put_len(std::string& out, uint32_t field, std::string_view bytes) {
  put_tag(out, field, WireType::len);
  put_varint(out, bytes.size());
  out.append(bytes);
}

}  // namespace vigil::ingest::protobuf
