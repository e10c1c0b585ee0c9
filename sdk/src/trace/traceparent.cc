#include "vigil/trace/traceparent.h"

#include <algorithm>
#include <cstddef>

namespace vigil::trace {
namespace {

constexpr std::size_t kLength = 55;  // "vv-" + 32 + "-" + 16 + "-" + "ff"
constexpr char kHex[] = "0123456789abcdef";

// Lowercase hex only: the spec forbids uppercase.
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Decodes 2*N hex characters at `text` into `out`.
template <std::size_t N>
bool decode_hex(std::string_view text, std::array<uint8_t, N>& out) {
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = hex_value(text[2 * i]);
    const int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return true;
}

template <std::size_t N>
bool all_zero(const std::array<uint8_t, N>& bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

template <std::size_t N>
std::string encode_hex(const std::array<uint8_t, N>& bytes) {
  std::string out;
  out.reserve(2 * N);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

bool is_ows(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string TraceParent::trace_id_hex() const { return encode_hex(trace_id); }
std::string TraceParent::parent_id_hex() const { return encode_hex(parent_id); }

std::optional<TraceParent> parse_traceparent(std::string_view header) noexcept {
  // HTTP allows optional whitespace around a header value.
  while (!header.empty() && is_ows(header.front())) header.remove_prefix(1);
  while (!header.empty() && is_ows(header.back())) header.remove_suffix(1);
  if (header.size() < kLength) return std::nullopt;

  std::array<uint8_t, 1> version{};
  if (!decode_hex(header.substr(0, 2), version) || version[0] == 0xFF) return std::nullopt;
  // Version 00 has exactly these fields. A later version may append fields
  // after a '-'; we read the fields we know and ignore the rest.
  if (version[0] == 0 && header.size() != kLength) return std::nullopt;
  if (header.size() > kLength && header[kLength] != '-') return std::nullopt;
  if (header[2] != '-' || header[35] != '-' || header[52] != '-') return std::nullopt;

  TraceParent tp;
  std::array<uint8_t, 1> flags{};
  if (!decode_hex(header.substr(3, 32), tp.trace_id) || !decode_hex(header.substr(36, 16), tp.parent_id) ||
      !decode_hex(header.substr(53, 2), flags)) {
    return std::nullopt;
  }
  if (all_zero(tp.trace_id) || all_zero(tp.parent_id)) return std::nullopt;
  // Only the sampled bit has a meaning we know for versions after 00.
  tp.flags = version[0] == 0 ? flags[0] : static_cast<uint8_t>(flags[0] & 0x01);
  return tp;
}

std::string format_traceparent(const TraceParent& tp) {
  std::string out = "00-";
  out += tp.trace_id_hex();
  out += '-';
  out += tp.parent_id_hex();
  out += '-';
  out += kHex[tp.flags >> 4];
  out += kHex[tp.flags & 0xF];
  return out;
}

}  // namespace vigil::trace
