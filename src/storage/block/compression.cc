#include "storage/block/compression.h"

// Placeholder (identity) until zstd lands.
namespace vigil::storage::block {

std::vector<uint8_t> compress(std::span<const uint8_t> input, int) { return {input.begin(), input.end()}; }

Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> input, size_t expected_size) {
  if (input.size() != expected_size) return std::unexpected(Error{ErrorKind::corruption, "page size mismatch"});
  return std::vector<uint8_t>(input.begin(), input.end());
}

}  // namespace vigil::storage::block
