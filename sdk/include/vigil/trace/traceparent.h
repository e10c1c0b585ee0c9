#pragma once
// W3C Trace Context `traceparent` header: "00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>".

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::trace {

struct TraceParent {
  std::array<uint8_t, 16> trace_id{};
  std::array<uint8_t, 8> parent_id{};
  uint8_t flags = 0;

  bool sampled() const noexcept { return flags & 0x01; }
  std::string trace_id_hex() const;
  std::string parent_id_hex() const;
};

// Accepts version 00 exactly and, per the spec, higher versions (except ff)
// by their first 55 characters. Rejects uppercase hex, all-zero ids and bad lengths.
std::optional<TraceParent> parse_traceparent(std::string_view header) noexcept;

std::string format_traceparent(const TraceParent& tp);

}  // namespace vigil::trace
