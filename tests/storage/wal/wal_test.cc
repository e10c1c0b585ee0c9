// The WAL directory: rotation, replay, torn tails, corruption in the middle,
// fsync policies, checkpoint truncation.

#include "storage/wal/wal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "storage/wal/records.h"
#include "storage/wal/segment_reader.h"
#include "support/vigil_process.h"

namespace vigil::storage::wal {
namespace {

using namespace std::chrono_literals;
using Fsync = WalOptions::Fsync;

struct Logged {
  RecordType type;
  std::vector<uint8_t> payload;
  uint32_t segment = 0;  // where the WAL put it

  bool operator==(const Logged& o) const { return type == o.type && payload == o.payload; }
};

WalOptions small_segments(Fsync fsync = Fsync::never) { return WalOptions{.segment_bytes = 4096, .fsync = fsync}; }

// Records of realistic shapes and sizes: sample batches, series, tombstones.
Logged make_record(std::mt19937_64& rng) {
  Logged r;
  switch (rng() % 3) {
    case 0: {
      std::vector<RefSample> samples(rng() % 60);
      for (RefSample& s : samples)
        s = {rng() % 500, static_cast<int64_t>(rng() % 1'000'000), static_cast<double>(rng())};
      r.type = RecordType::samples;
      encode_samples(samples, r.payload);
      break;
    }
    case 1: {
      auto set =
          LabelSet::from({{"__name__", "m" + std::to_string(rng() % 100)}, {"job", std::string(rng() % 200, 'j')}});
      std::vector<RefSeries> series = {{rng() % 500, *set}};
      r.type = RecordType::series;
      encode_series(series, r.payload);
      break;
    }
    default: {
      std::vector<RefTombstone> stones = {{rng() % 500, -5, 5}};
      r.type = RecordType::tombstones;
      encode_tombstones(stones, r.payload);
    }
  }
  return r;
}

// Logs `n` records, committing every few, and notes each one's segment.
std::vector<Logged> log_records(Wal& wal, std::mt19937_64& rng, size_t n) {
  std::vector<Logged> out;
  for (size_t i = 0; i < n; ++i) {
    Logged r = make_record(rng);
    auto ok = wal.log(r.type, r.payload);
    EXPECT_TRUE(ok) << ok.error().message;
    r.segment = wal.current_segment();
    out.push_back(std::move(r));
    if (i % 7 == 6) {
      EXPECT_TRUE(wal.commit());
    }
  }
  EXPECT_TRUE(wal.commit());
  return out;
}

std::vector<Logged> replay_all(const Wal& wal, uint32_t from = 0) {
  std::vector<Logged> out;
  auto ok = wal.replay(from, [&](RecordType type, std::span<const uint8_t> payload) -> Result<void> {
    out.push_back({type, {payload.begin(), payload.end()}});
    return {};
  });
  EXPECT_TRUE(ok) << ok.error().message;
  return out;
}

Wal open_wal(const std::filesystem::path& dir, WalOptions options = small_segments()) {
  auto wal = Wal::open(dir.string(), options);
  EXPECT_TRUE(wal) << wal.error().message;
  return std::move(*wal);
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Offsets at which each record of a segment file ends.
std::vector<uint64_t> record_ends(const std::string& path) {
  auto reader = SegmentReader::open(path);
  EXPECT_TRUE(reader);
  std::vector<uint64_t> ends;
  Record rec;
  while (reader->next(rec)) ends.push_back(reader->valid_bytes());
  return ends;
}

TEST(Wal, CreatesDirectoryAndFirstSegment) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path() / "a" / "wal");
  auto segments = wal.segments();
  ASSERT_TRUE(segments);
  ASSERT_EQ(segments->size(), 1u);
  EXPECT_EQ((*segments)[0].index, 0u);
  EXPECT_EQ((*segments)[0].path, (tmp.path() / "a" / "wal" / "00000000").string());
  EXPECT_TRUE(wal.warnings().empty());
}

TEST(Wal, ReplaysEveryRecordInOrderAcrossRotations) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(1);
  std::vector<Logged> logged;
  {
    Wal wal = open_wal(tmp.path());
    logged = log_records(wal, rng, 400);
    ASSERT_TRUE(wal.close());
  }
  Wal wal = open_wal(tmp.path());
  EXPECT_TRUE(wal.warnings().empty());
  EXPECT_EQ(replay_all(wal), logged);
  auto segments = wal.segments();
  ASSERT_TRUE(segments);
  EXPECT_GT(segments->size(), 5u);
  for (size_t i = 0; i < segments->size(); ++i) {
    EXPECT_EQ((*segments)[i].index, i);
    EXPECT_LE((*segments)[i].size, 4096u);
  }
}

TEST(Wal, AppendsAfterReopenContinueTheLastSegment) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(2);
  std::vector<Logged> logged;
  for (int run = 0; run < 3; ++run) {
    Wal wal = open_wal(tmp.path());
    auto more = log_records(wal, rng, 50);
    logged.insert(logged.end(), more.begin(), more.end());
    ASSERT_TRUE(wal.close());
  }
  EXPECT_EQ(replay_all(open_wal(tmp.path())), logged);
}

TEST(Wal, RecordLargerThanASegmentGetsItsOwn) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  std::vector<uint8_t> small(100, 1), big(10'000, 2);
  ASSERT_TRUE(wal.log(RecordType::samples, small));
  ASSERT_TRUE(wal.log(RecordType::samples, big));
  ASSERT_TRUE(wal.log(RecordType::samples, small));
  ASSERT_TRUE(wal.commit());
  auto segments = wal.segments();
  ASSERT_EQ(segments->size(), 3u);
  EXPECT_EQ((*segments)[1].size, kRecordHeaderBytes + big.size());
  auto replayed = replay_all(wal);
  ASSERT_EQ(replayed.size(), 3u);
  EXPECT_EQ(replayed[1].payload, big);
}

TEST(Wal, TornTailAtRandomOffsetsKeepsWholeRecords) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE(trial);
    vigil::testing::TempDir tmp;
    std::vector<Logged> logged;
    {
      Wal wal = open_wal(tmp.path());
      logged = log_records(wal, rng, 30 + rng() % 60);
      ASSERT_TRUE(wal.close());
    }
    uint32_t last = logged.back().segment;
    std::string path = segment_path(tmp.path().string(), last);
    auto bytes = read_bytes(path);
    ASSERT_FALSE(bytes.empty());
    size_t cut = rng() % bytes.size();
    bytes.resize(cut);
    write_bytes(path, bytes);

    std::vector<uint64_t> ends = record_ends(path);
    size_t kept_in_last = ends.size();
    bool at_boundary = cut == 0 || (!ends.empty() && ends.back() == cut);
    std::vector<Logged> expected;
    for (const Logged& r : logged) {
      if (r.segment < last) expected.push_back(r);
    }
    for (const Logged& r : logged) {
      if (r.segment == last && kept_in_last > 0) {
        expected.push_back(r);
        --kept_in_last;
      }
    }

    Wal wal = open_wal(tmp.path());
    if (at_boundary) {
      EXPECT_TRUE(wal.warnings().empty());
    } else {
      ASSERT_EQ(wal.warnings().size(), 1u);
      EXPECT_NE(wal.warnings()[0].find(path), std::string::npos) << wal.warnings()[0];
      EXPECT_NE(wal.warnings()[0].find("at offset " + std::to_string(ends.empty() ? 0 : ends.back())),
                std::string::npos)
          << wal.warnings()[0];
      EXPECT_NE(wal.warnings()[0].find("torn"), std::string::npos) << wal.warnings()[0];
    }
    EXPECT_EQ(replay_all(wal), expected);

    auto more = log_records(wal, rng, 20);
    ASSERT_TRUE(wal.close());
    expected.insert(expected.end(), more.begin(), more.end());
    Wal reopened = open_wal(tmp.path());
    EXPECT_TRUE(reopened.warnings().empty());
    EXPECT_EQ(replay_all(reopened), expected);
  }
}

TEST(Wal, ChecksumMismatchInLastSegmentTruncatesThere) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(4);
  std::vector<Logged> logged;
  {
    Wal wal = open_wal(tmp.path(), WalOptions{});
    logged = log_records(wal, rng, 10);
    ASSERT_TRUE(wal.close());
  }
  std::string path = segment_path(tmp.path().string(), 0);
  auto ends = record_ends(path);
  auto bytes = read_bytes(path);
  bytes[ends[5] + kRecordHeaderBytes] ^= 0x40;  // in record 6's payload
  write_bytes(path, bytes);

  Wal wal = open_wal(tmp.path(), WalOptions{});
  ASSERT_EQ(wal.warnings().size(), 1u);
  EXPECT_NE(wal.warnings()[0].find("checksum mismatch at offset " + std::to_string(ends[5])), std::string::npos)
      << wal.warnings()[0];
  EXPECT_EQ(replay_all(wal), std::vector<Logged>(logged.begin(), logged.begin() + 6));
  EXPECT_EQ(std::filesystem::file_size(path), ends[5]);
}

TEST(Wal, CorruptMiddleSegmentDropsEverythingAfterIt) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(5);
  std::vector<Logged> logged;
  {
    Wal wal = open_wal(tmp.path());
    logged = log_records(wal, rng, 300);
    ASSERT_TRUE(wal.close());
  }
  ASSERT_GE(logged.back().segment, 3u);
  std::string path = segment_path(tmp.path().string(), 1);
  auto ends = record_ends(path);
  ASSERT_GE(ends.size(), 3u);
  auto bytes = read_bytes(path);
  bytes[ends[1] + 1] ^= 0xff;  // record 3's length field
  write_bytes(path, bytes);

  std::vector<Logged> expected;
  for (const Logged& r : logged) {
    if (r.segment == 0) expected.push_back(r);
  }
  size_t in_segment_1 = 0;
  for (const Logged& r : logged) {
    if (r.segment == 1 && in_segment_1++ < 2) expected.push_back(r);
  }

  Wal wal = open_wal(tmp.path());
  ASSERT_EQ(wal.warnings().size(), 1u);
  const std::string& warning = wal.warnings()[0];
  EXPECT_NE(warning.find(path), std::string::npos) << warning;
  EXPECT_NE(warning.find("at offset " + std::to_string(ends[1])), std::string::npos) << warning;
  EXPECT_NE(warning.find("deleted the " + std::to_string(logged.back().segment - 1) + " later segment(s)"),
            std::string::npos)
      << warning;
  auto segments = wal.segments();
  ASSERT_EQ(segments->size(), 2u);
  EXPECT_EQ(wal.current_segment(), 1u);
  EXPECT_EQ(replay_all(wal), expected);

  auto more = log_records(wal, rng, 5);
  expected.insert(expected.end(), more.begin(), more.end());
  EXPECT_EQ(replay_all(wal), expected);
}

TEST(Wal, MissingSegmentInTheMiddleFailsToOpen) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(6);
  {
    Wal wal = open_wal(tmp.path());
    log_records(wal, rng, 200);
    ASSERT_TRUE(wal.close());
  }
  std::filesystem::remove(segment_path(tmp.path().string(), 1));
  auto wal = Wal::open(tmp.path().string(), small_segments());
  ASSERT_FALSE(wal);
  EXPECT_EQ(wal.error().kind, ErrorKind::corruption);
  EXPECT_NE(wal.error().message.find("not contiguous"), std::string::npos) << wal.error().message;
}

TEST(Wal, IgnoresFilesThatAreNotSegments) {
  vigil::testing::TempDir tmp;
  tmp.write("checkpoint.00000003", "x");
  tmp.write("0000001", "x");
  std::filesystem::create_directory(tmp.path() / "00000009");
  Wal wal = open_wal(tmp.path());
  auto segments = wal.segments();
  ASSERT_EQ(segments->size(), 1u);
  EXPECT_EQ((*segments)[0].index, 0u);
}

TEST(Wal, ReplayFromASegmentAndTruncateBefore) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(7);
  Wal wal = open_wal(tmp.path());
  auto logged = log_records(wal, rng, 200);
  ASSERT_GE(wal.current_segment(), 3u);
  std::vector<Logged> from_2;
  for (const Logged& r : logged) {
    if (r.segment >= 2) from_2.push_back(r);
  }
  EXPECT_EQ(replay_all(wal, 2), from_2);

  ASSERT_TRUE(wal.truncate_before(2));
  auto segments = wal.segments();
  EXPECT_EQ(segments->front().index, 2u);
  EXPECT_EQ(replay_all(wal), from_2);

  auto too_far = wal.truncate_before(wal.current_segment() + 1);
  ASSERT_FALSE(too_far);
  EXPECT_EQ(too_far.error().kind, ErrorKind::invalid_argument);
  ASSERT_TRUE(wal.close());
  EXPECT_EQ(replay_all(open_wal(tmp.path())), from_2);
}

TEST(Wal, CutSegmentClosesTheCurrentOneAndAppendsContinueInTheNext) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(9);
  Wal wal = open_wal(tmp.path(), small_segments(Fsync::always));
  auto before = log_records(wal, rng, 3);
  uint64_t syncs = wal.sync_count();
  auto closed = wal.cut_segment();
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(*closed, 0u);
  EXPECT_EQ(wal.current_segment(), 1u);
  EXPECT_GT(wal.sync_count(), syncs);  // the closed segment is durable before the next starts
  auto after = log_records(wal, rng, 3);
  EXPECT_EQ(after.front().segment, 1u);
  // An empty segment can be cut too: a checkpoint may be due with nothing new.
  ASSERT_EQ(wal.cut_segment().value(), 1u);
  ASSERT_EQ(wal.cut_segment().value(), 2u);
  ASSERT_TRUE(wal.close());
  EXPECT_FALSE(wal.cut_segment());

  before.insert(before.end(), after.begin(), after.end());
  Wal reopened = open_wal(tmp.path());
  EXPECT_EQ(reopened.current_segment(), 3u);
  EXPECT_EQ(replay_all(reopened), before);
}

TEST(Wal, ReplayStopsAtTheCallbacksError) {
  vigil::testing::TempDir tmp;
  std::mt19937_64 rng(8);
  Wal wal = open_wal(tmp.path());
  log_records(wal, rng, 20);
  size_t calls = 0;
  auto ok = wal.replay([&](RecordType, std::span<const uint8_t>) -> Result<void> {
    if (++calls == 5) return std::unexpected(make_error(ErrorKind::corruption, "bad payload"));
    return {};
  });
  ASSERT_FALSE(ok);
  EXPECT_EQ(calls, 5u);
  EXPECT_EQ(ok.error().kind, ErrorKind::corruption);
  EXPECT_NE(ok.error().message.find("00000000: record at offset"), std::string::npos) << ok.error().message;
  EXPECT_NE(ok.error().message.find("bad payload"), std::string::npos);
}

TEST(Wal, LogAfterCloseFails) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  ASSERT_TRUE(wal.close());
  std::vector<uint8_t> payload(10, 0);
  auto ok = wal.log(RecordType::samples, payload);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().kind, ErrorKind::unavailable);
  EXPECT_TRUE(wal.sync_if_due(std::chrono::steady_clock::now()));
}

TEST(Wal, FsyncAlwaysSyncsEveryCommit) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path(), WalOptions{.fsync = Fsync::always});
  std::vector<uint8_t> payload(10, 0);
  uint64_t before = wal.sync_count();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(wal.log(RecordType::samples, payload));
    ASSERT_TRUE(wal.log(RecordType::samples, payload));
    ASSERT_TRUE(wal.commit());
  }
  EXPECT_EQ(wal.sync_count(), before + 3);
  ASSERT_TRUE(wal.sync_if_due(std::chrono::steady_clock::now()));
  EXPECT_EQ(wal.sync_count(), before + 3);
}

TEST(Wal, FsyncIntervalSyncsOnlyWhenDue) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path(), WalOptions{.fsync = Fsync::interval, .fsync_interval = 1000ms});
  std::vector<uint8_t> payload(10, 0);
  uint64_t before = wal.sync_count();
  ASSERT_TRUE(wal.log(RecordType::samples, payload));
  ASSERT_TRUE(wal.commit());
  EXPECT_EQ(wal.sync_count(), before);

  std::chrono::steady_clock::time_point t0{};
  ASSERT_TRUE(wal.sync_if_due(t0));
  EXPECT_EQ(wal.sync_count(), before + 1);
  ASSERT_TRUE(wal.sync_if_due(t0 + 999ms));
  EXPECT_EQ(wal.sync_count(), before + 1);
  ASSERT_TRUE(wal.sync_if_due(t0 + 1000ms));
  EXPECT_EQ(wal.sync_count(), before + 2);
  ASSERT_TRUE(wal.sync_if_due(t0 + 1500ms));
  EXPECT_EQ(wal.sync_count(), before + 2);
}

TEST(Wal, FsyncNeverLeavesSyncingToClose) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path(), small_segments(Fsync::never));
  std::mt19937_64 rng(9);
  log_records(wal, rng, 100);
  ASSERT_TRUE(wal.sync_if_due(std::chrono::steady_clock::now()));
  EXPECT_EQ(wal.sync_count(), 0u);
  ASSERT_TRUE(wal.close());
  EXPECT_EQ(wal.sync_count(), 1u);
}

TEST(Wal, RotationSyncsTheFinishedSegmentUnlessNever) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path(), small_segments(Fsync::interval));
  uint64_t before = wal.sync_count();
  std::vector<uint8_t> payload(3000, 0);
  ASSERT_TRUE(wal.log(RecordType::samples, payload));
  ASSERT_TRUE(wal.log(RecordType::samples, payload));
  EXPECT_EQ(wal.current_segment(), 1u);
  EXPECT_EQ(wal.sync_count(), before + 1);
}

TEST(Wal, ConcurrentGroupCommitsKeepEachWritersOrder) {
  vigil::testing::TempDir tmp;
  Wal wal = open_wal(tmp.path());
  constexpr int kThreads = 4, kBatches = 50, kPerBatch = 4;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&wal, t] {
      for (int b = 0; b < kBatches; ++b) {
        for (int i = 0; i < kPerBatch; ++i) {
          std::vector<uint8_t> payload = {static_cast<uint8_t>(t), static_cast<uint8_t>(b), static_cast<uint8_t>(i)};
          EXPECT_TRUE(wal.log(RecordType::samples, payload));
        }
        EXPECT_TRUE(wal.commit());
      }
    });
  }
  for (auto& th : threads) th.join();
  auto replayed = replay_all(wal);
  ASSERT_EQ(replayed.size(), size_t{kThreads * kBatches * kPerBatch});
  std::vector<int> next(kThreads, 0);
  for (const Logged& r : replayed) {
    int t = r.payload[0];
    EXPECT_EQ(r.payload[1] * kPerBatch + r.payload[2], next[t]++);
  }
}

}  // namespace
}  // namespace vigil::storage::wal
