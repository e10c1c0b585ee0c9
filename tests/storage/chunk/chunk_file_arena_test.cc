#include "storage/chunk/chunk_file_arena.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "storage/chunk/closed_chunk.h"
#include "support/vigil_process.h"

namespace vigil::storage::chunk {
namespace {

namespace fs = std::filesystem;

size_t files_in(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(ChunkFileArena, OpenRemovesWhatAnEarlierProcessLeft) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "chunks");
  dir.write("chunks/7", "stale");
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena) << arena.error().message;
  EXPECT_EQ(files_in(dir.path() / "chunks"), 0u);
  EXPECT_EQ((*arena)->file_count(), 0u);
}

TEST(ChunkFileArena, BytesSurviveBeingDroppedFromMemory) {
  testing::TempDir dir;
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena);
  std::vector<std::pair<uint8_t*, size_t>> pieces;
  for (size_t i = 0; i < 5000; ++i) {
    const size_t size = 1 + i % 700;
    uint8_t* p = (*arena)->allocate(size);
    ASSERT_NE(p, nullptr);
    for (size_t k = 0; k < size; ++k) p[k] = static_cast<uint8_t>(i * 31 + k);
    pieces.emplace_back(p, size);
  }
  EXPECT_EQ(files_in(dir.path() / "chunks"), 1u);
  (*arena)->trim();
  for (size_t i = 0; i < pieces.size(); ++i) {
    for (size_t k = 0; k < pieces[i].second; ++k) {
      ASSERT_EQ(pieces[i].first[k], static_cast<uint8_t>(i * 31 + k)) << "piece " << i << " byte " << k;
    }
  }
  uint64_t total = 0;
  for (auto& [p, size] : pieces) total += size;
  EXPECT_EQ((*arena)->live_bytes(), total);
  for (auto& [p, size] : pieces) ChunkFileArena::release(p, size);
  EXPECT_EQ((*arena)->live_bytes(), 0u);
  // Still being filled: kept until a trim finds it empty.
  EXPECT_EQ((*arena)->file_count(), 1u);
  (*arena)->trim();
  EXPECT_EQ((*arena)->file_count(), 0u);
  EXPECT_EQ(files_in(dir.path() / "chunks"), 0u);
  uint8_t* again = (*arena)->allocate(100);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(files_in(dir.path() / "chunks"), 1u);
  ChunkFileArena::release(again, 100);
}

TEST(ChunkFileArena, WrittenPagesLeaveResidentMemory) {
  testing::TempDir dir;
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena);
  const long before = resident_kib();
  constexpr size_t kPiece = 4096;
  std::vector<uint8_t*> pieces;
  for (size_t i = 0; i < (size_t{32} << 20) / kPiece; ++i) {
    uint8_t* p = (*arena)->allocate(kPiece);
    ASSERT_NE(p, nullptr);
    std::memset(p, 0x5a, kPiece);
    pieces.push_back(p);
  }
  // allocate() drops what is written as it goes, a MiB at a time.
  EXPECT_LT(resident_kib() - before, 8 * 1024);
  for (uint8_t* p : pieces) ASSERT_EQ(p[kPiece - 1], 0x5a);
  EXPECT_GT(resident_kib() - before, 24 * 1024);  // read back: mapped again
  (*arena)->trim();
  EXPECT_LT(resident_kib() - before, 8 * 1024);
}

TEST(ChunkFileArena, AFullFileIsDeletedOnceItsLastBytesAreReleased) {
  testing::TempDir dir;
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena);
  constexpr size_t kPiece = 8 << 20;
  std::vector<uint8_t*> first_file;
  for (int i = 0; i < 7; ++i) first_file.push_back((*arena)->allocate(kPiece));
  uint8_t* second_file = (*arena)->allocate(kPiece);  // does not fit the first any more
  ASSERT_NE(second_file, nullptr);
  EXPECT_EQ(files_in(dir.path() / "chunks"), 2u);
  for (size_t i = 0; i + 1 < first_file.size(); ++i) ChunkFileArena::release(first_file[i], kPiece);
  EXPECT_EQ(files_in(dir.path() / "chunks"), 2u);
  ChunkFileArena::release(first_file.back(), kPiece);
  EXPECT_EQ(files_in(dir.path() / "chunks"), 1u);
  EXPECT_EQ((*arena)->file_count(), 1u);
  ChunkFileArena::release(second_file, kPiece);
  EXPECT_EQ((*arena)->live_bytes(), 0u);
}

TEST(ChunkFileArena, RefusesWhatCannotFitAFile) {
  testing::TempDir dir;
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena);
  EXPECT_EQ((*arena)->allocate(0), nullptr);
  EXPECT_EQ((*arena)->allocate(ChunkFileArena::kFileBytes), nullptr);
}

TEST(ChunkFileArena, AnUnwritableDirectoryIsAnError) {
  testing::TempDir dir;
  dir.write("file", "x");
  auto arena = ChunkFileArena::open(dir.path() / "file" / "chunks");
  ASSERT_FALSE(arena);
  EXPECT_NE(arena.error().message.find("file/chunks"), std::string::npos) << arena.error().message;
}

TEST(ClosedChunkInFile, PackedBytesMoveToTheArenaAndAreReleasedWithTheChunk) {
  testing::TempDir dir;
  auto arena = ChunkFileArena::open(dir.path() / "chunks");
  ASSERT_TRUE(arena);
  std::vector<Sample> samples;
  for (int i = 0; i < 120; ++i) samples.push_back({1000 + i * 15000, i * 0.5});
  XorChunk open;
  XorAppender appender(open);
  for (const Sample& s : samples) ASSERT_EQ(appender.append(s.t, s.v), XorAppender::Outcome::appended);
  {
    std::vector<ClosedChunk> chunks;
    chunks.push_back(ClosedChunk::copy_of(open, samples.front().t, samples.back().t));
    std::vector<uint8_t> encoded;
    ClosedChunk::encode_packed(samples, encoded);
    chunks[0].take_packed(encoded, arena->get());
    EXPECT_TRUE(chunks[0].in_file());
    EXPECT_EQ((*arena)->live_bytes(), encoded.size());
    chunks.emplace_back(std::move(chunks[0]));  // moves keep one owner
    std::vector<Sample> out;
    chunks.back().decode(out);
    ASSERT_EQ(out.size(), samples.size());
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i].t, samples[i].t);
  }
  EXPECT_EQ((*arena)->live_bytes(), 0u);
}

}  // namespace
}  // namespace vigil::storage::chunk
