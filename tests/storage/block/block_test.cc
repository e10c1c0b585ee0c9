// Reading blocks: round trips, selection identical to the head's postings,
// range reads, tombstones, damage detection at open.

#include "storage/block/block.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "storage/block/block_files.h"
#include "storage/block/test_blocks.h"
#include "storage/index/postings_index.h"
#include "support/vigil_process.h"

namespace vigil::storage::block {
namespace {

namespace fs = std::filesystem;
using testing::TestSeries;
using T = index::Matcher::Type;

constexpr int64_t kMinT = 1'700'000'000'000;
constexpr int64_t kMaxT = kMinT + 24 * 3600 * 1000;

struct WrittenBlock {
  vigil::testing::TempDir dir;
  std::vector<TestSeries> series;
  BlockMeta meta;
  std::string path;

  WrittenBlock(size_t n, size_t max_samples, uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    series = testing::random_series(rng, n, max_samples, kMinT, kMaxT);
    auto written = testing::write_block(dir.path().string(), series, kMinT, kMaxT);
    EXPECT_TRUE(written) << written.error().message;
    meta = *written;
    path = (dir.path() / meta.ulid).string();
  }
  std::unique_ptr<Block> open() const {
    auto b = Block::open(path);
    EXPECT_TRUE(b) << b.error().message;
    return b ? std::move(*b) : nullptr;
  }
};

std::vector<Sample> all_samples(const Block& b, uint32_t id) {
  std::vector<Sample> out;
  auto read = b.samples(id, INT64_MIN, INT64_MAX, out);
  EXPECT_TRUE(read) << read.error().message;
  return out;
}

index::Matcher m(T t, std::string n, std::string v) {
  return index::Matcher::make(t, std::move(n), std::move(v)).value();
}

TEST(Block, RoundTripsManySeries) {
  WrittenBlock w(600, 2500);  // up to 3 chunks per series, many pages
  auto b = w.open();
  ASSERT_TRUE(b);
  ASSERT_EQ(b->num_series(), w.series.size());
  uint64_t samples = 0;
  for (uint32_t id = 0; id < b->num_series(); ++id) {
    ASSERT_EQ(b->labels(id), w.series[id].labels) << id;
    ASSERT_TRUE(testing::same_bits(all_samples(*b, id), w.series[id].samples)) << w.series[id].labels.to_string();
    samples += w.series[id].samples.size();
  }
  EXPECT_EQ(b->meta(), w.meta);
  EXPECT_EQ(b->meta().num_series, w.series.size());
  EXPECT_EQ(b->meta().num_samples, samples);
  EXPECT_GT(b->meta().num_chunks, w.series.size());
  EXPECT_EQ(b->meta().level, 1u);
  EXPECT_EQ(b->dir(), w.path);
  uint64_t on_disk = 0;
  for (const auto& f : fs::directory_iterator(w.path)) on_disk += f.file_size();
  EXPECT_EQ(b->size_bytes(), on_disk);
}

TEST(Block, ReadsFromManyThreadsAgree) {
  WrittenBlock w(300, 1500);
  auto b = w.open();
  ASSERT_TRUE(b);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (uint32_t i = 0; i < b->num_series(); ++i) {
        uint32_t id = (i * 7 + static_cast<uint32_t>(k) * 13) % b->num_series();
        if (!testing::same_bits(all_samples(*b, id), w.series[id].samples)) ++mismatches;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Block, SelectionAgreesWithPostingsIndex) {
  WrittenBlock w(400, 3);
  auto b = w.open();
  ASSERT_TRUE(b);
  index::PostingsIndex head;
  for (uint32_t id = 0; id < w.series.size(); ++id) head.add(id, w.series[id].labels);
  EXPECT_EQ(b->label_names(), head.label_names());
  for (const auto& name : head.label_names()) EXPECT_EQ(b->label_values(name), head.label_values(name)) << name;
  EXPECT_TRUE(b->label_values("missing").empty());

  std::mt19937_64 rng(9);
  const char* names[] = {"__name__", "job", "env", "instance", "path", "id", "missing"};
  const char* values[] = {"up", "api", "web",     "prod",          "dev",  "",  "host-3:9100", "host-1.*",
                          ".*", ".+",  "a.*|d.*", "go_goroutines", "/aaa", "1", "nope"};
  for (int round = 0; round < 3000; ++round) {
    std::vector<index::Matcher> ms;
    size_t count = rng() % 4;  // 0 matchers select nothing in both
    for (size_t i = 0; i < count; ++i) ms.push_back(m(static_cast<T>(rng() % 4), names[rng() % 7], values[rng() % 15]));
    std::vector<uint64_t> expected = head.select(ms);
    std::vector<uint32_t> got = b->select(ms);
    std::string desc;
    for (const auto& x : ms) desc += x.to_string() + " ";
    ASSERT_EQ(std::vector<uint64_t>(got.begin(), got.end()), expected) << desc;
  }
}

TEST(Block, SamplesAreFilteredByRange) {
  WrittenBlock w(50, 3000, 4);
  auto b = w.open();
  ASSERT_TRUE(b);
  std::mt19937_64 rng(2);
  for (int round = 0; round < 500; ++round) {
    uint32_t id = static_cast<uint32_t>(rng() % b->num_series());
    const auto& all = w.series[id].samples;
    int64_t a = all[rng() % all.size()].t + static_cast<int64_t>(rng() % 3) - 1;
    int64_t z = a + static_cast<int64_t>(rng() % 40'000'000);
    std::vector<Sample> expected;
    for (const auto& s : all) {
      if (s.t >= a && s.t <= z) expected.push_back(s);
    }
    std::vector<Sample> out{{1, 1.0}};  // appended to, not replaced
    ASSERT_TRUE(b->samples(id, a, z, out));
    expected.insert(expected.begin(), Sample{1, 1.0});
    ASSERT_TRUE(testing::same_bits(out, expected)) << id << " [" << a << ", " << z << "]";
  }
  std::vector<Sample> out;
  EXPECT_TRUE(b->samples(0, kMaxT, INT64_MAX, out));
  EXPECT_TRUE(out.empty());
  auto bad = b->samples(b->num_series(), INT64_MIN, INT64_MAX, out);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::invalid_argument);
}

TEST(Block, TombstonesApplyAndPersist) {
  WrittenBlock w(20, 2000, 6);
  auto b = w.open();
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->has_tombstones());
  const uint64_t size_before = b->size_bytes();
  const auto& s3 = w.series[3].samples;
  int64_t cut_a = s3[s3.size() / 4].t, cut_b = s3[s3.size() / 2].t;
  std::vector<Tombstone> stones = {{3, cut_a, cut_b}, {5, INT64_MIN, INT64_MAX}};
  ASSERT_TRUE(b->add_tombstones(stones));
  ASSERT_TRUE(b->add_tombstones(std::vector<Tombstone>{{3, cut_b, cut_b + 1}}));
  EXPECT_TRUE(b->has_tombstones());
  EXPECT_GT(b->size_bytes(), size_before);

  auto check = [&](const Block& block) {
    std::vector<Sample> expected;
    for (const auto& s : s3) {
      if (s.t < cut_a || s.t > cut_b + 1) expected.push_back(s);
    }
    EXPECT_TRUE(testing::same_bits(all_samples(block, 3), expected));
    EXPECT_TRUE(all_samples(block, 5).empty());
    EXPECT_TRUE(testing::same_bits(all_samples(block, 4), w.series[4].samples));
    EXPECT_EQ(block.tombstones().list(), (std::vector<Tombstone>{{3, cut_a, cut_b + 1}, {5, INT64_MIN, INT64_MAX}}));
  };
  check(*b);
  b.reset();
  auto reopened = w.open();
  ASSERT_TRUE(reopened);
  EXPECT_TRUE(reopened->has_tombstones());
  check(*reopened);

  auto bad = reopened->add_tombstones(std::vector<Tombstone>{{static_cast<uint32_t>(w.series.size()), 0, 1}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::invalid_argument);
  bad = reopened->add_tombstones(std::vector<Tombstone>{{0, 5, 4}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::invalid_argument);
}

TEST(Block, TombstonesWhileReading) {
  WrittenBlock w(40, 500, 8);
  auto b = w.open();
  ASSERT_TRUE(b);
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    while (!stop) {
      for (uint32_t id = 0; id < b->num_series(); ++id) {
        auto got = all_samples(*b, id);
        // Either before or after a deletion of the whole series, never a mix.
        if (!got.empty() && !testing::same_bits(got, w.series[id].samples)) ADD_FAILURE() << id;
      }
    }
  });
  for (uint32_t id = 0; id < b->num_series(); ++id) {
    ASSERT_TRUE(b->add_tombstones(std::vector<Tombstone>{{id, INT64_MIN, INT64_MAX}}));
  }
  stop = true;
  reader.join();
  for (uint32_t id = 0; id < b->num_series(); ++id) EXPECT_TRUE(all_samples(*b, id).empty());
}

TEST(Block, EmptyBlock) {
  vigil::testing::TempDir dir;
  auto meta = testing::write_block(dir.path().string(), {}, kMinT, kMaxT);
  ASSERT_TRUE(meta) << meta.error().message;
  EXPECT_EQ(meta->num_series, 0u);
  auto b = Block::open((dir.path() / meta->ulid).string());
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ((*b)->num_series(), 0u);
  EXPECT_TRUE((*b)->label_names().empty());
  std::vector<index::Matcher> ms = {m(T::regex, "job", ".*")};
  EXPECT_TRUE((*b)->select(ms).empty());
}

TEST(Block, OneSampleSeriesAndHugeLabelValues) {
  vigil::testing::TempDir dir;
  std::string huge(300'000, 'x');
  std::vector<TestSeries> series = {
      {LabelSet::from({{"__name__", "a"}, {"big", huge}}).value(), {{kMinT, 1.5}}},
      {LabelSet::from({{"__name__", "b"}}).value(), {{kMaxT - 1, stale_nan()}}},
      {LabelSet::from({{"__name__", "c"}, {"big", huge + "y"}}).value(), {{kMinT + 5, -0.0}}},
  };
  auto meta = testing::write_block(dir.path().string(), series, kMinT, kMaxT);
  ASSERT_TRUE(meta) << meta.error().message;
  auto b = Block::open((dir.path() / meta->ulid).string());
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ((*b)->num_series(), 3u);
  for (uint32_t id = 0; id < 3; ++id) {
    EXPECT_EQ((*b)->labels(id), series[id].labels);
    EXPECT_TRUE(testing::same_bits(all_samples(**b, id), series[id].samples));
  }
  std::vector<index::Matcher> ms = {m(T::equal, "big", huge)};
  EXPECT_EQ((*b)->select(ms), std::vector<uint32_t>{0});
}

TEST(Block, MissingDirectoryIsNotFound) {
  vigil::testing::TempDir dir;
  auto b = Block::open((dir.path() / "01ARZ3NDEKTSV4RRFFQ69G5FAV").string());
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().kind, ErrorKind::not_found);
}

// Damage: every file of a small block, flipped at every byte and truncated at
// every length, must fail to open with a corruption error naming the block.
class BlockDamage : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(11);
    series_ = testing::random_series(rng, 12, 200, kMinT, kMaxT);
    auto meta = testing::write_block(dir_.path().string(), series_, kMinT, kMaxT);
    ASSERT_TRUE(meta);
    path_ = (dir_.path() / meta->ulid).string();
    auto b = Block::open(path_);
    ASSERT_TRUE(b);
    ASSERT_TRUE((*b)->add_tombstones(std::vector<Tombstone>{{1, kMinT, kMinT + 100'000}, {4, 0, kMaxT}}));
  }

  std::string read(const std::string& name) {
    std::ifstream in(path_ + "/" + name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write(const std::string& name, const std::string& bytes) {
    std::ofstream(path_ + "/" + name, std::ios::binary | std::ios::trunc) << bytes;
  }
  void expect_corrupt(const std::string& name, const std::string& what) {
    auto b = Block::open(path_);
    ASSERT_FALSE(b) << name << ": " << what << " went unnoticed";
    EXPECT_EQ(b.error().kind, ErrorKind::corruption) << b.error().message;
    EXPECT_NE(b.error().message.find(path_ + "/"), std::string::npos) << b.error().message;
  }
  void check_file(const std::string& name, size_t step) {
    const std::string good = read(name);
    ASSERT_FALSE(good.empty());
    for (size_t i = 0; i < good.size(); i += step) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0xff);
      write(name, bad);
      expect_corrupt(name, "flipped byte " + std::to_string(i));
      if (::testing::Test::HasFailure()) break;
    }
    for (size_t n = 0; n < good.size(); n += step) {
      write(name, good.substr(0, n));
      expect_corrupt(name, "truncation to " + std::to_string(n));
      if (::testing::Test::HasFailure()) break;
    }
    write(name, good);
    ASSERT_TRUE(Block::open(path_));
  }

  vigil::testing::TempDir dir_;
  std::vector<TestSeries> series_;
  std::string path_;
};

TEST_F(BlockDamage, MetaJson) { check_file("meta.json", 1); }
TEST_F(BlockDamage, Index) { check_file("index", 1); }
TEST_F(BlockDamage, Chunks) { check_file("chunks", 7); }
TEST_F(BlockDamage, Tombstones) { check_file("tombstones", 1); }

TEST_F(BlockDamage, MissingFiles) {
  for (const char* name : {"meta.json", "index", "chunks"}) {
    std::string good = read(name);
    fs::remove(path_ + "/" + name);
    expect_corrupt(name, "missing");
    write(name, good);
  }
  ASSERT_TRUE(Block::open(path_));
}

TEST_F(BlockDamage, MetaDisagreeingWithIndex) {
  std::string good = read("meta.json");
  std::string bad = good;
  auto at = bad.find("\"numSeries\": ");
  bad.replace(at, bad.find(',', at) - at, "\"numSeries\": " + std::to_string(series_.size() + 1));
  write("meta.json", bad);
  expect_corrupt("meta.json", "numSeries");
  // A shorter time range than the chunks cover.
  bad = good;
  at = bad.find("\"maxTime\": ");
  bad.replace(at, bad.find(',', at) - at, "\"maxTime\": " + std::to_string(kMinT + 1));
  write("meta.json", bad);
  expect_corrupt("meta.json", "maxTime");
}

// The figure the block format is judged by: bytes on disk per sample for
// regular scrapes of integer counters (1000 series x 480 samples, 15 s).
TEST(BlockSize, BytesPerSampleOfCounters) {
  vigil::testing::TempDir dir;
  std::vector<TestSeries> series;
  std::mt19937_64 rng(12);
  for (int i = 0; i < 1000; ++i) {
    std::vector<Label> labels = {{"__name__", "http_requests_total"},
                                 {"code", std::to_string(200 + 100 * (i % 4))},
                                 {"instance", "10.0.0." + std::to_string(i / 10) + ":9100"},
                                 {"job", "api"},
                                 {"method", i % 2 ? "GET" : "POST"},
                                 {"route", "/v1/items/" + std::to_string(i % 10)}};
    TestSeries s{LabelSet::from(labels).value(), {}};
    double v = static_cast<double>(rng() % 100000);
    for (int k = 0; k < 480; ++k) {
      s.samples.push_back({kMinT + k * 15'000, v});
      v += static_cast<double>(rng() % 20);
    }
    series.push_back(std::move(s));
  }
  std::sort(series.begin(), series.end(), [](const auto& a, const auto& b) { return a.labels < b.labels; });
  auto meta = testing::write_block(dir.path().string(), series, kMinT, kMinT + 2 * 3600 * 1000);
  ASSERT_TRUE(meta);
  auto b = Block::open((dir.path() / meta->ulid).string());
  ASSERT_TRUE(b);
  const std::string p = (dir.path() / meta->ulid).string();
  double samples = static_cast<double>(meta->num_samples);
  std::cout << "block of 1000 series x 480 counter samples: " << (*b)->size_bytes() << " bytes, "
            << static_cast<double>((*b)->size_bytes()) / samples << " bytes/sample (index "
            << static_cast<double>(fs::file_size(p + "/index")) / samples << ", chunks "
            << static_cast<double>(fs::file_size(p + "/chunks")) / samples << ")\n";
}

}  // namespace
}  // namespace vigil::storage::block
