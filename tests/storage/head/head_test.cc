#include "storage/head/head.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <thread>

namespace vigil::storage::head {
namespace {

LabelSet labels(std::vector<Label> l) { return LabelSet::from(std::move(l)).value(); }

SeriesSamples series(std::string name, std::vector<Sample> samples, std::string job = "j") {
  return {labels({{"__name__", std::move(name)}, {"job", std::move(job)}}), std::move(samples)};
}

class RecordingLog : public HeadLog {
 public:
  Result<void> log(std::span<const NewSeries> new_series, std::span<const RefSample> new_samples) override {
    if (fail) return std::unexpected(make_error(ErrorKind::io, "disk full"));
    for (const auto& n : new_series) series.emplace_back(n.ref, *n.labels);
    samples.insert(samples.end(), new_samples.begin(), new_samples.end());
    return {};
  }
  std::vector<std::pair<uint64_t, LabelSet>> series;
  std::vector<RefSample> samples;
  bool fail = false;
};

TEST(Head, AppendsAndReadsBackInOrder) {
  RecordingLog log;
  Head head(HeadOptions{}, &log);
  std::vector<Sample> in;
  for (int i = 0; i < 500; ++i) in.push_back({1000 * i, static_cast<double>(i)});
  std::vector<SeriesSamples> batch{series("up", in), series("down", {{0, 1}})};
  auto out = head.append(batch);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->appended, 501u);
  EXPECT_EQ(out->series_created, 2u);
  EXPECT_TRUE(out->rejects.empty());
  EXPECT_EQ(head.num_series(), 2u);
  EXPECT_EQ(log.series.size(), 2u);
  EXPECT_EQ(log.samples.size(), 501u);

  MemorySeries* up = head.find(batch[0].labels);
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->num_chunks(), 5u);  // 120 samples per chunk
  auto all = head.samples(up->ref(), INT64_MIN, INT64_MAX);
  ASSERT_EQ(all.size(), 500u);
  for (int i = 0; i < 500; ++i) EXPECT_EQ(all[static_cast<size_t>(i)].t, 1000 * i);
  auto some = head.samples(up->ref(), 119500, 240000);
  ASSERT_EQ(some.size(), 121u);
  EXPECT_EQ(some.front().t, 120000);
  EXPECT_EQ(some.back().t, 240000);
}

TEST(Head, DuplicatesAndOutOfOrder) {
  Head head(HeadOptions{.out_of_order_window_ms = 60'000});
  ASSERT_TRUE(head.append(std::vector{series("m", {{100'000, 1}, {170'000, 1.7}, {200'000, 2}})}));
  auto out = head.append(std::vector{series("m", {
                                                      {200'000, 2},       // identical: accepted as a no-op
                                                      {200'000, 3},       // different value: rejected
                                                      {150'000, 1.5},     // within the window: stored
                                                      {150'000, 1.5},     // again: no-op
                                                      {150'000, 9},       // different: rejected
                                                      {170'000, 7},       // within the window, collides with an in-order sample
                                                      {145'000, 1.3},     // window
                                                      {139'999, 0},       // 60 001 ms behind the newest: too old
                                                  })});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->appended, 2u);
  ASSERT_EQ(out->rejects.size(), 4u);
  EXPECT_EQ(out->rejects[0].reason, RejectReason::duplicate_timestamp);
  EXPECT_EQ(out->rejects[0].sample_index, 1u);
  EXPECT_EQ(out->rejects[1].reason, RejectReason::duplicate_timestamp);
  EXPECT_EQ(out->rejects[2].reason, RejectReason::duplicate_timestamp);
  EXPECT_EQ(out->rejects[3].reason, RejectReason::out_of_order);
  EXPECT_NE(out->first_error.find("a different value exists for timestamp 200000"), std::string::npos)
      << out->first_error;
  auto all = head.samples(head.find(series("m", {}).labels)->ref(), INT64_MIN, INT64_MAX);
  std::vector<int64_t> ts;
  for (auto s : all) ts.push_back(s.t);
  EXPECT_EQ(ts, (std::vector<int64_t>{100'000, 145'000, 150'000, 170'000, 200'000}));
}

TEST(Head, StaleMarkerKeepsItsBits) {
  Head head(HeadOptions{});
  ASSERT_TRUE(head.append(std::vector{series("m", {{1, 5}, {2, stale_nan()}})}));
  auto all = head.samples(1, INT64_MIN, INT64_MAX);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(is_stale_nan(all[1].v));
}

TEST(Head, InvalidSeriesAndSeriesLimit) {
  Head head(HeadOptions{.max_series = 1});
  std::vector<SeriesSamples> batch{
      series("ok", {{1, 1}}),
      {labels({{"__name__", "bad-name"}}), {{1, 1}, {2, 2}}},
      series("second", {{1, 1}}),
  };
  auto out = head.append(batch);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->appended, 1u);
  ASSERT_EQ(out->rejects.size(), 3u);
  EXPECT_EQ(out->rejects[0].reason, RejectReason::invalid_series);
  EXPECT_EQ(out->rejects[2].reason, RejectReason::series_limit);
  EXPECT_NE(out->first_error.find("bad-name"), std::string::npos) << out->first_error;
  // Existing series keep working at the limit.
  auto more = head.append(std::vector{series("ok", {{2, 2}})});
  ASSERT_TRUE(more);
  EXPECT_EQ(more->appended, 1u);
}

TEST(Head, LogFailureIsAnError) {
  RecordingLog log;
  log.fail = true;
  Head head(HeadOptions{}, &log);
  auto out = head.append(std::vector{series("m", {{1, 1}})});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().message, "disk full");
}

TEST(Head, RestoreKeepsRefsAndNewRefsFollow) {
  Head head(HeadOptions{});
  head.restore_series(41, labels({{"__name__", "a"}}));
  EXPECT_TRUE(head.restore_sample(41, 10, 1));
  EXPECT_FALSE(head.restore_sample(7, 10, 1));  // unknown ref
  auto out = head.append(std::vector{series("b", {{1, 1}})});
  ASSERT_TRUE(out);
  EXPECT_EQ(head.find(series("b", {}).labels)->ref(), 42u);
  EXPECT_EQ(head.samples(41, 0, 100).size(), 1u);
}

TEST(Head, ConcurrentAppendersCountExactly) {
  Head head(HeadOptions{});
  constexpr int kThreads = 4, kSeries = 200, kSamples = 50;
  std::vector<std::thread> threads;
  for (int th = 0; th < kThreads; ++th) {
    threads.emplace_back([&, th] {
      for (int round = 0; round < kSamples; ++round) {
        std::vector<SeriesSamples> batch;
        for (int s = 0; s < kSeries; ++s) {
          // Each thread writes its own timestamps so that no two collide.
          batch.push_back(series("m", {{int64_t{round} * kThreads + th, 1.0}}, "job" + std::to_string(s)));
        }
        auto out = head.append(batch);
        ASSERT_TRUE(out);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(head.num_series(), static_cast<uint64_t>(kSeries));
  uint64_t total = 0;
  head.index().for_each([&](const MemorySeries& s) { total += s.num_samples(); });
  // Late arrivals within the window are kept, so nothing is lost.
  EXPECT_EQ(total, static_cast<uint64_t>(kThreads) * kSeries * kSamples);
}

}  // namespace
}  // namespace vigil::storage::head
