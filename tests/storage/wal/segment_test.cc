// WAL segment framing: round trip, torn tails at every byte, corruption.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "storage/wal/segment_reader.h"
#include "storage/wal/segment_writer.h"
#include "support/vigil_process.h"

namespace vigil::storage::wal {
namespace {

std::vector<uint8_t> payload_of(size_t n, uint8_t seed) {
  std::vector<uint8_t> p(n);
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(seed + i * 31);
  return p;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(WalSegment, RoundTrip) {
  vigil::testing::TempDir dir;
  std::string path = (dir.path() / "00000000").string();
  std::vector<std::vector<uint8_t>> payloads;
  {
    auto w = SegmentWriter::open(path);
    ASSERT_TRUE(w) << w.error().message;
    for (size_t i = 0; i < 50; ++i) {
      payloads.push_back(payload_of(i * 37, static_cast<uint8_t>(i)));
      ASSERT_TRUE(w->add(i % 2 ? RecordType::samples : RecordType::series, payloads.back()));
      if (i % 10 == 0) {
        ASSERT_TRUE(w->sync());
      }
    }
    ASSERT_TRUE(w->flush());
    EXPECT_EQ(w->size(), std::filesystem::file_size(path));
  }
  auto r = SegmentReader::open(path);
  ASSERT_TRUE(r);
  Record rec;
  size_t i = 0;
  while (r->next(rec)) {
    ASSERT_LT(i, payloads.size());
    EXPECT_EQ(rec.type, i % 2 ? RecordType::samples : RecordType::series);
    EXPECT_EQ(std::vector<uint8_t>(rec.payload.begin(), rec.payload.end()), payloads[i]);
    ++i;
  }
  EXPECT_EQ(i, payloads.size());
  EXPECT_TRUE(r->clean_end()) << r->stop_reason();
}

TEST(WalSegment, TornTailAtEveryByteKeepsTheWholeRecordsBeforeIt) {
  vigil::testing::TempDir dir;
  std::string path = (dir.path() / "00000000").string();
  std::vector<uint64_t> ends;  // file offset after each record
  {
    auto w = SegmentWriter::open(path);
    ASSERT_TRUE(w);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(w->add(RecordType::samples, payload_of(20 + static_cast<size_t>(i), 1)));
      ends.push_back(w->size());
    }
  }
  auto full = read_file(path);
  for (size_t cut = 0; cut <= full.size(); ++cut) {
    SegmentReader r(std::vector<uint8_t>(full.begin(), full.begin() + static_cast<long>(cut)));
    Record rec;
    size_t n = 0;
    while (r.next(rec)) ++n;
    size_t whole = 0;
    while (whole < ends.size() && ends[whole] <= cut) ++whole;
    EXPECT_EQ(n, whole) << cut;
    EXPECT_EQ(r.valid_bytes(), whole == 0 ? 0 : ends[whole - 1]) << cut;
    EXPECT_EQ(r.clean_end(), cut == 0 || std::find(ends.begin(), ends.end(), cut) != ends.end()) << cut;
  }
}

TEST(WalSegment, FlippedBitStopsAtThatRecordAndWriterTruncatesThere) {
  vigil::testing::TempDir dir;
  std::string path = (dir.path() / "00000000").string();
  uint64_t first_end;
  {
    auto w = SegmentWriter::open(path);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->add(RecordType::series, payload_of(30, 1)));
    first_end = w->size();
    ASSERT_TRUE(w->add(RecordType::samples, payload_of(30, 2)));
    ASSERT_TRUE(w->add(RecordType::samples, payload_of(30, 3)));
  }
  auto bytes = read_file(path);
  bytes[first_end + kRecordHeaderBytes + 5] ^= 0x10;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(bytes.data()),
                                                                 static_cast<long>(bytes.size()));
  auto r = SegmentReader::open(path);
  ASSERT_TRUE(r);
  Record rec;
  size_t n = 0;
  while (r->next(rec)) ++n;
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(r->valid_bytes(), first_end);
  EXPECT_EQ(r->stop_reason(), "checksum mismatch at offset " + std::to_string(first_end));

  // Reopening for writing at the valid end drops the damaged tail.
  {
    auto w = SegmentWriter::open(path, r->valid_bytes());
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->add(RecordType::samples, payload_of(5, 9)));
  }
  auto again = SegmentReader::open(path);
  n = 0;
  while (again->next(rec)) ++n;
  EXPECT_EQ(n, 2u);
  EXPECT_TRUE(again->clean_end());
}

TEST(WalSegment, GarbageNeverCrashes) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 3000; ++round) {
    std::vector<uint8_t> bytes(rng() % 200);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng() % 4 == 0 ? rng() % 4 : rng());
    SegmentReader r(bytes);
    Record rec;
    uint64_t total = 0;
    while (r.next(rec)) total += rec.payload.size();
    EXPECT_LE(r.valid_bytes(), bytes.size());
  }
}

TEST(WalSegment, OversizedRecordIsRefused) {
  vigil::testing::TempDir dir;
  auto w = SegmentWriter::open((dir.path() / "00000000").string());
  ASSERT_TRUE(w);
  std::vector<uint8_t> big(kMaxRecordBytes + 1);
  EXPECT_FALSE(w->add(RecordType::samples, big));
}

}  // namespace
}  // namespace vigil::storage::wal
