#pragma once
// Byte sizes as Prometheus writes them: an integer and a unit among B, KB, MB,
// GB, TB, PB, EB (powers of 1024, as in Prometheus's retention size), also
// accepted with the explicit binary spelling KiB, MiB, ...

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace vigil {

Result<uint64_t> parse_byte_size(std::string_view text);

// Largest exact unit: 33554432 -> "32MiB", 1000 -> "1000B".
std::string format_byte_size(uint64_t bytes);

}  // namespace vigil
