// zstd page compression: round trips, and rejection of frames that are
// damaged, of the wrong size, or claim more than they can hold.

#include "storage/block/compression.h"

#include <gtest/gtest.h>

#include <random>

namespace vigil::storage::block {
namespace {

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

void expect_corrupt(const Result<std::vector<uint8_t>>& r, const std::string& what) {
  ASSERT_FALSE(r) << what;
  EXPECT_EQ(r.error().kind, ErrorKind::corruption) << what;
}

TEST(BlockCompression, RoundTripsEmptySmallRandomAndRepetitiveInput) {
  std::vector<std::vector<uint8_t>> inputs{{}, {42}, random_bytes(1000, 1), random_bytes(300000, 2),
                                           std::vector<uint8_t>(1 << 20, 7)};
  for (const auto& input : inputs) {
    std::vector<uint8_t> frame = compress(input);
    auto back = decompress(frame, input.size());
    ASSERT_TRUE(back) << input.size() << ": " << back.error().message;
    EXPECT_EQ(*back, input);
  }
}

TEST(BlockCompression, RepetitiveInputShrinks) {
  std::vector<uint8_t> input(1 << 20, 7);
  EXPECT_LT(compress(input).size(), 1000u);
  EXPECT_LT(compress(input, 19).size(), 1000u);
}

TEST(BlockCompression, WrongExpectedSizeIsCorrupt) {
  std::vector<uint8_t> input = random_bytes(500, 3);
  std::vector<uint8_t> frame = compress(input);
  expect_corrupt(decompress(frame, 499), "smaller");
  expect_corrupt(decompress(frame, 501), "larger");
}

TEST(BlockCompression, DamagedFramesAreCorrupt) {
  std::vector<uint8_t> input = random_bytes(2000, 4);
  input.insert(input.end(), 5000, 'x');
  std::vector<uint8_t> frame = compress(input);
  for (size_t len = 0; len < frame.size(); ++len) {
    expect_corrupt(decompress(std::span(frame).first(len), input.size()), "prefix " + std::to_string(len));
  }
  std::vector<uint8_t> longer = frame;
  longer.push_back(0);
  expect_corrupt(decompress(longer, input.size()), "trailing byte");
  std::vector<uint8_t> two_frames = frame;
  two_frames.insert(two_frames.end(), frame.begin(), frame.end());
  expect_corrupt(decompress(two_frames, input.size() * 2), "two frames");
  expect_corrupt(decompress(random_bytes(100, 5), 100), "not zstd");
}

TEST(BlockCompression, RandomByteChangesNeverCrash) {
  std::mt19937_64 rng(6);
  std::vector<uint8_t> input(4000);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i % 17 + (i / 100));
  std::vector<uint8_t> frame = compress(input);
  for (int round = 0; round < 2000; ++round) {
    std::vector<uint8_t> damaged = frame;
    damaged[rng() % damaged.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    auto r = decompress(damaged, input.size());
    if (r) {
      EXPECT_EQ(r->size(), input.size());
    } else {
      EXPECT_EQ(r.error().kind, ErrorKind::corruption);
    }
  }
}

TEST(BlockCompression, SizeClaimBeyondWhatTheFrameHoldsIsRefusedBeforeAllocating) {
  // A frame header that claims 2^40 bytes of content (single segment, 8-byte
  // size field), then one last RLE block of 100 bytes.
  std::vector<uint8_t> frame{0x28, 0xb5, 0x2f, 0xfd, 0xe0};
  uint64_t claimed = uint64_t{1} << 40;
  for (int i = 0; i < 8; ++i) frame.push_back(static_cast<uint8_t>(claimed >> (8 * i)));
  uint32_t block = 1 | (1 << 1) | (100 << 3);  // last block, RLE, 100 bytes
  frame.insert(frame.end(), {static_cast<uint8_t>(block), static_cast<uint8_t>(block >> 8), static_cast<uint8_t>(block >> 16), 'a'});
  expect_corrupt(decompress(frame, static_cast<size_t>(claimed)), "claims 1 TiB");
}

}  // namespace
}  // namespace vigil::storage::block
