#pragma once
// CRC-32C (Castagnoli), the checksum of WAL records: SSE4.2's crc32
// instruction when the CPU has it, a table otherwise; both give the same value.

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil::storage::wal {

// `crc` continues an earlier checksum (0 to start).
uint32_t crc32c(std::span<const uint8_t> data, uint32_t crc = 0) noexcept;

// The table implementation, exposed so tests can compare both paths.
uint32_t crc32c_portable(std::span<const uint8_t> data, uint32_t crc = 0) noexcept;

}  // namespace vigil::storage::wal
