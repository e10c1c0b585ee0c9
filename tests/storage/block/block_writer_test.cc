// Writing blocks: input checks, atomic publication, crash leftovers,
// meta.json.

#include "storage/block/block_writer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "storage/block/block.h"
#include "storage/block/block_files.h"
#include "storage/block/test_blocks.h"
#include "support/vigil_process.h"

namespace vigil::storage::block {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kMinT = 1'000'000;
constexpr int64_t kMaxT = 2'000'000;
const std::string kUlid = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

LabelSet ls(std::vector<Label> labels) { return LabelSet::from(std::move(labels)).value(); }

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BlockWriter, RejectsBadArguments) {
  vigil::testing::TempDir dir;
  const std::string d = dir.path().string();
  EXPECT_EQ(BlockWriter::create(d, "not-a-ulid", kMinT, kMaxT).error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(BlockWriter::create(d, kUlid, kMaxT, kMaxT).error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(BlockWriter::create(d, kUlid, kMinT, kMaxT, 0).error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(BlockWriter::create(d, kUlid, kMinT, kMaxT, 2, {"bad"}).error().kind, ErrorKind::invalid_argument);

  auto w = BlockWriter::create(d, kUlid, kMinT, kMaxT);
  ASSERT_TRUE(w);
  std::vector<Sample> ok = {{kMinT, 1}, {kMinT + 1, 2}};
  auto rejected = [&](const LabelSet& labels, std::vector<Sample> samples) {
    auto r = w->add_series(labels, samples);
    return !r && r.error().kind == ErrorKind::invalid_argument;
  };
  EXPECT_TRUE(rejected(LabelSet(), ok));
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), {}));
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), {{kMinT + 1, 1}, {kMinT + 1, 2}}));
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), {{kMinT + 2, 1}, {kMinT + 1, 2}}));
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), {{kMinT - 1, 1}}));
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), {{kMaxT, 1}}));  // max_time is exclusive
  ASSERT_TRUE(w->add_series(ls({{"a", "2"}}), ok));
  EXPECT_TRUE(rejected(ls({{"a", "2"}}), ok));  // the same series again
  EXPECT_TRUE(rejected(ls({{"a", "1"}}), ok));  // out of order
  ASSERT_TRUE(w->add_series(ls({{"a", "2"}, {"b", "1"}}), std::vector<Sample>{{kMaxT - 1, 3}}));  // prefix first
  auto meta = w->finish();
  ASSERT_TRUE(meta) << meta.error().message;
  EXPECT_EQ(meta->num_series, 2u);
  EXPECT_EQ(meta->num_samples, 3u);
  EXPECT_FALSE(w->finish());
  EXPECT_FALSE(w->add_series(ls({{"z", "1"}}), ok));
}

TEST(BlockWriter, PublishesByRename) {
  vigil::testing::TempDir dir;
  auto w = BlockWriter::create(dir.path().string(), kUlid, kMinT, kMaxT, 3, {"01ARZ3NDEKTSV4RRFFQ69G5FAA"});
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->add_series(ls({{"__name__", "up"}}), std::vector<Sample>{{kMinT, 1}}));
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{kUlid + ".tmp"});
  auto meta = w->finish();
  ASSERT_TRUE(meta);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{kUlid});
  EXPECT_EQ(entries(dir.path() / kUlid), (std::vector<std::string>{"chunks", "index", "meta.json"}));
  auto read = read_meta((dir.path() / kUlid).string());
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, *meta);
  EXPECT_EQ(read->level, 3u);
  EXPECT_EQ(read->sources, std::vector<std::string>{"01ARZ3NDEKTSV4RRFFQ69G5FAA"});
}

TEST(BlockWriter, AbandonedWriterLeavesNothing) {
  vigil::testing::TempDir dir;
  {
    auto w = BlockWriter::create(dir.path().string(), kUlid, kMinT, kMaxT);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->add_series(ls({{"__name__", "up"}}), std::vector<Sample>{{kMinT, 1}}));
  }
  EXPECT_TRUE(entries(dir.path()).empty());
}

TEST(BlockWriter, CrashLeavesOnlyATmpDirectoryThatIsRemoved) {
  vigil::testing::TempDir dir;
  std::mt19937_64 rng(3);
  auto series = testing::random_series(rng, 20, 100, kMinT, kMaxT);
  auto complete = testing::write_block(dir.path().string(), series, kMinT, kMaxT);
  ASSERT_TRUE(complete);

  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child dies mid-write, without running any destructor.
    auto w = BlockWriter::create(dir.path().string(), kUlid, kMinT, kMaxT);
    for (const auto& s : series) (void)w->add_series(s.labels, s.samples);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{kUlid + ".tmp", complete->ulid}));
  EXPECT_FALSE(Block::open((dir.path() / (kUlid + ".tmp")).string()));

  auto removed = remove_incomplete_blocks(dir.path().string());
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 1u);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{complete->ulid});
  EXPECT_TRUE(Block::open((dir.path() / complete->ulid).string()));
}

TEST(BlockWriter, ManyChunksAndPagesPerSeries) {
  vigil::testing::TempDir dir;
  auto w = BlockWriter::create(dir.path().string(), kUlid, 0, 1'000'000'000);
  ASSERT_TRUE(w);
  std::vector<Sample> samples;
  for (int i = 0; i < 20'000; ++i) samples.push_back({i * 1000, static_cast<double>(i)});
  ASSERT_TRUE(w->add_series(ls({{"__name__", "long"}}), samples));
  auto meta = w->finish();
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->num_chunks, 20u);  // 20000 / 1024 rounded up, split evenly
  auto b = Block::open((dir.path() / kUlid).string());
  ASSERT_TRUE(b) << b.error().message;
  std::vector<Sample> out;
  ASSERT_TRUE((*b)->samples(0, 4'999'500, 15'000'000, out));
  ASSERT_EQ(out.size(), 10'001u);
  EXPECT_EQ(out.front().t, 5'000'000);
  EXPECT_EQ(out.back().t, 15'000'000);
}

TEST(BlockMeta, RoundTripsAndToleratesUnknownKeys) {
  BlockMeta meta{.ulid = kUlid,
                 .min_time = -5,
                 .max_time = INT64_MAX,
                 .num_series = 1,
                 .num_samples = UINT64_MAX,
                 .num_chunks = 3,
                 .level = 2,
                 .sources = {kUlid, "01ARZ3NDEKTSV4RRFFQ69G5FAA"}};
  std::string text = encode_meta(meta);
  auto back = decode_meta(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), "m");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, meta);

  std::string extended = R"({"future": {"x": [1, "y", {"z": []}]}, "ulid": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "minTime": -9223372036854775808, "maxTime": 10, "version": 1,
    "stats": {"numSeries": 0, "numSamples": 0, "numChunks": 0, "numBytes": 7},
    "compaction": {"level": 1}})";
  back = decode_meta(std::span(reinterpret_cast<const uint8_t*>(extended.data()), extended.size()), "m");
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->min_time, INT64_MIN);
  EXPECT_TRUE(back->sources.empty());
}

TEST(BlockMeta, RejectsWhatItCannotTrust) {
  auto bad = [](std::string text) {
    auto r = decode_meta(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), "dir/meta.json");
    if (r) return false;
    EXPECT_EQ(r.error().kind, ErrorKind::corruption);
    EXPECT_EQ(r.error().message.rfind("dir/meta.json: ", 0), 0u) << r.error().message;
    return true;
  };
  const std::string stats = R"("stats": {"numSeries": 0, "numSamples": 0, "numChunks": 0}, "compaction": {"level": 1})";
  const std::string ulid = R"("ulid": "01ARZ3NDEKTSV4RRFFQ69G5FAV")";
  EXPECT_FALSE(bad("{" + ulid + R"(, "minTime": 0, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 0, "maxTime": 1, "version": 2, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 1, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 0, "minTime": 0, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad(R"({"ulid": "nope", "minTime": 0, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 9223372036854775808, "maxTime": 1, "version": 1, )" + stats + "}"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 0, "maxTime": 1, "version": 1, )" + stats + "} x"));
  EXPECT_TRUE(bad("{" + ulid + R"(, "minTime": 0, "maxTime": 1, "version": 1, )" + stats));
  EXPECT_TRUE(bad(std::string(100, '[')));
  EXPECT_TRUE(bad(""));
}

}  // namespace
}  // namespace vigil::storage::block
