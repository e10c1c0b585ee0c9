#pragma once
// Block ids: ULIDs (github.com/ulid/spec). 26 characters of Crockford base32
// encoding a 48-bit millisecond timestamp then 80 random bits, so ids sort
// by creation time as strings, which makes a sorted directory listing a
// time-ordered list of blocks.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::storage::block {

inline constexpr size_t kUlidLength = 26;

// The canonical (upper-case) text of the id made of `ms` (the low 48 bits)
// and `random`.
std::string format_ulid(uint64_t ms, const std::array<uint8_t, 10>& random);

// A new id for the current time. Ids made by one process strictly increase,
// even within one millisecond (the random part is incremented then, as the
// spec's monotonic variant does), so blocks written in a row sort in order.
std::string new_ulid();

// Whether `text` is a canonical ULID: 26 upper-case Crockford base32
// characters whose value fits 128 bits (the first is at most '7'). Block
// directories are named by canonical ids only.
bool is_ulid(std::string_view text);

// The millisecond timestamp of a canonical ULID.
std::optional<uint64_t> ulid_time_ms(std::string_view text);

}  // namespace vigil::storage::block
