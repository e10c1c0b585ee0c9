// Arbitrary bytes as a block's meta.json and as its tombstones file must
// parse or fail cleanly; whatever parses must encode to bytes that parse to
// the same value.

#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "storage/block/block_meta.h"
#include "storage/block/tombstones.h"
#include "storage/wal/crc32c.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace block = vigil::storage::block;
  std::span<const uint8_t> input(data, size);
  if (auto meta = block::decode_meta(input, "fuzz/meta.json")) {
    std::string text = block::encode_meta(*meta);
    auto again = block::decode_meta(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), "again");
    if (!again || !(*again == *meta)) std::abort();
  }
  // As is, and behind a valid header and checksum so that the entries are
  // decoded even though random bytes never match a CRC.
  std::vector<uint8_t> framed;
  for (uint32_t word : {block::kTombstonesMagic, block::kTombstonesVersion}) {
    for (int i = 0; i < 4; ++i) framed.push_back(static_cast<uint8_t>(word >> (8 * i)));
  }
  framed.insert(framed.end(), input.begin(), input.end());
  uint32_t crc = vigil::storage::wal::crc32c(framed);
  for (int i = 0; i < 4; ++i) framed.push_back(static_cast<uint8_t>(crc >> (8 * i)));
  for (std::span<const uint8_t> file : {input, std::span<const uint8_t>(framed)}) {
    if (auto stones = block::decode_tombstones(file, "fuzz/tombstones")) {
      auto again = block::decode_tombstones(block::encode_tombstones(*stones), "again");
      if (!again || !(*again == *stones)) std::abort();
    }
  }
  return 0;
}
