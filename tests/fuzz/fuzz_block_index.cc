// Arbitrary bytes as a block's index file must parse or fail cleanly, never
// crash. Since random bytes rarely pass the checksums, the input is also
// split into three section payloads and framed with valid checksums, so that
// the section decoders see it too. Whatever parses must answer queries and
// encode to a file that parses to the same index.

#include <array>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "storage/block/block_index.h"
#include "storage/block/checksummed_frame.h"
#include "storage/wal/crc32c.h"

namespace {

namespace block = vigil::storage::block;
namespace index = vigil::storage::index;

void put_le(std::vector<uint8_t>& out, uint64_t v, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// The file layout of docs/storage-format.md, "Blocks": header, three framed
// sections, table of contents.
std::vector<uint8_t> framed(std::span<const uint8_t> input) {
  size_t a = input.size() > 0 ? input[0] % (input.size() + 1) : 0;
  size_t b = input.size() > 1 ? input[1] % (input.size() + 1) : 0;
  if (a > b) std::swap(a, b);
  std::array<std::span<const uint8_t>, 3> sections = {input.subspan(0, a), input.subspan(a, b - a), input.subspan(b)};
  std::vector<uint8_t> file;
  put_le(file, block::kIndexMagic, 4);
  put_le(file, block::kIndexVersion, 4);
  std::array<uint64_t, 3> offsets{};
  for (size_t i = 0; i < 3; ++i) {
    offsets[i] = file.size();
    block::append_frame(sections[i], file);
  }
  size_t toc = file.size();
  for (uint64_t offset : offsets) put_le(file, offset, 8);
  put_le(file, vigil::storage::wal::crc32c(std::span(file).subspan(toc)), 4);
  return file;
}

void exercise(std::span<const uint8_t> file) {
  auto parsed = block::BlockIndex::parse(file, "fuzz/index");
  if (!parsed) {
    if (parsed.error().kind != vigil::ErrorKind::corruption) std::abort();
    return;
  }
  for (uint32_t id = 0; id < parsed->num_series() && id < 1000; ++id) {
    (void)parsed->labels(id);
    (void)parsed->chunks(id);
  }
  for (const auto& name : parsed->label_names()) {
    auto values = parsed->label_values(name);
    if (values.empty()) std::abort();
    std::vector<index::Matcher> matchers = {
        index::Matcher::make(index::Matcher::Type::equal, name, values.front()).value(),
        index::Matcher::make(index::Matcher::Type::not_regex, name, "x.*").value()};
    if (parsed->select(std::span(matchers).first(1)).empty()) std::abort();
    (void)parsed->select(matchers);
  }
  auto again = block::BlockIndex::parse(parsed->encode(), "fuzz/again");
  if (!again || !(*again == *parsed)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  exercise(input);
  exercise(framed(input));
  return 0;
}
