#include "storage/head/head.h"

#include <gtest/gtest.h>

#include <atomic>
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
  auto out =
      head.append(std::vector{series("m", {
                                              {200'000, 2},    // identical: accepted as a no-op
                                              {200'000, 3},    // different value: rejected
                                              {150'000, 1.5},  // within the window: stored
                                              {150'000, 1.5},  // again: no-op
                                              {150'000, 9},    // different: rejected
                                              {170'000, 7},    // within the window, collides with an in-order sample
                                              {145'000, 1.3},  // window
                                              {139'999, 0},    // 60 001 ms behind the newest: too old
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

TEST(Head, AnInvalidNewSeriesCanRefuseTheWholeBatch) {
  RecordingLog log;
  Head head(HeadOptions{}, &log);
  ASSERT_TRUE(head.append(std::vector{series("known", {{1, 1}})}));
  const std::vector<SeriesSamples> batch{
      series("known", {{2, 2}}),
      series("new", {{2, 2}}),
      {labels({{"__name__", "up"}, {"1bad", "x"}}), {{2, 2}}},
  };
  auto out = head.append(batch, InvalidSeries::refuse_batch);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(out.error().message, "series up{1bad=\"x\"}: label \"1bad\": invalid label name");
  // Nothing of the batch was appended, created or logged.
  const MemorySeries* known = head.find(batch[0].labels);
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(head.samples(known->ref(), 0, 10).size(), 1u);
  EXPECT_EQ(head.find(batch[1].labels), nullptr);
  EXPECT_EQ(log.series.size(), 1u);
  EXPECT_EQ(log.samples.size(), 1u);
  // Without the invalid series the same batch goes in.
  auto valid = head.append(std::span(batch).first(2), InvalidSeries::refuse_batch);
  ASSERT_TRUE(valid) << valid.error().message;
  EXPECT_EQ(valid->appended, 2u);
}

TEST(Head, AppendsByRefAndListsTheRefsItNoLongerHas) {
  Head head(HeadOptions{});
  auto first = head.append(std::vector{series("a", {{3'600'000, 1}}), series("b", {{3'600'000, 1}})});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->refs.size(), 2u);
  EXPECT_NE(first->refs[0], 0u);
  EXPECT_NE(first->refs[0], first->refs[1]);

  const std::vector<Sample> next{{3'615'000, 2}}, old{{1, 1}};
  const std::vector<SeriesView> by_ref{{{}, next, first->refs[0]}, {{}, next, 999'999}, {{}, old, first->refs[1]}};
  auto second = head.append_views(by_ref, InvalidSeries::refuse_batch);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->appended, 1u);
  EXPECT_EQ(second->unknown_refs, std::vector<uint32_t>{1});
  EXPECT_EQ(second->refs, (std::vector<uint64_t>{first->refs[0], 0, first->refs[1]}));
  EXPECT_EQ(head.samples(first->refs[0], 0, INT64_MAX).size(), 2u);
  // A series sent by ref is named by its labels in messages.
  EXPECT_NE(second->first_error.find("series b{job=\"j\"}: timestamp 1 is older"), std::string::npos)
      << second->first_error;

  head.truncate_before(INT64_MAX);
  auto third = head.append_views(std::vector<SeriesView>{{{}, next, first->refs[0]}}, InvalidSeries::refuse_batch);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->appended, 0u);
  EXPECT_EQ(third->unknown_refs, std::vector<uint32_t>{0});
}

TEST(Head, SeriesLimitPerMetric) {
  Head head(HeadOptions{.max_series_per_metric = 2});
  auto out = head.append(std::vector{series("m", {{1, 1}}, "a"), series("m", {{1, 1}}, "b"), series("m", {{1, 1}}, "c"),
                                     series("other", {{1, 1}}, "a")});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->appended, 3u);
  ASSERT_EQ(out->rejects.size(), 1u);
  EXPECT_EQ(out->rejects[0].series_index, 2u);
  EXPECT_EQ(out->rejects[0].reason, RejectReason::series_limit);
  EXPECT_EQ(out->first_error, "series m{job=\"c\"}: metric \"m\" has reached the limit of 2 series");
  // Existing series of the metric keep working.
  auto more = head.append(std::vector{series("m", {{2, 2}}, "a")});
  ASSERT_TRUE(more);
  EXPECT_EQ(more->appended, 1u);
  // Once a series leaves the head (truncated away), the metric has room again.
  head.truncate_before(100);
  auto again = head.append(std::vector{series("m", {{101, 1}}, "c")});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->appended, 1u) << again->first_error;
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

index::Matcher eq(std::string name, std::string value) {
  return index::Matcher::make(index::Matcher::Type::equal, std::move(name), std::move(value)).value();
}

std::vector<Sample> every(int64_t from, int64_t to, int64_t step) {
  std::vector<Sample> out;
  for (int64_t t = from; t <= to; t += step) out.push_back({t, static_cast<double>(t)});
  return out;
}

TEST(Head, MinAndMaxTimeFollowAppends) {
  Head head(HeadOptions{.out_of_order_window_ms = 1000});
  EXPECT_EQ(head.min_time(), INT64_MAX);
  EXPECT_EQ(head.max_time(), INT64_MIN);
  ASSERT_TRUE(head.append(std::vector{series("a", {{5000, 1}, {6000, 1}}), series("b", {{7000, 1}})}));
  EXPECT_EQ(head.min_time(), 5000);
  EXPECT_EQ(head.max_time(), 7000);
  ASSERT_TRUE(head.append(std::vector{series("a", {{5500, 1}, {100, 1}})}));  // late, and too late
  EXPECT_EQ(head.min_time(), 5000);
  ASSERT_TRUE(head.append(std::vector{series("b", {{6500, 1}})}));
  EXPECT_EQ(head.min_time(), 5000);
  head.restore_series(100, labels({{"__name__", "c"}}));
  EXPECT_TRUE(head.restore_sample(100, 10, 1));
  EXPECT_EQ(head.min_time(), 10);
}

TEST(Head, TruncateDropsOldChunksAndEmptySeries) {
  Head head(HeadOptions{.samples_per_chunk = 10});
  // "old" stopped at t=90; "live" goes on to 290.
  ASSERT_TRUE(head.append(std::vector{series("old", every(0, 90, 10)), series("live", every(0, 290, 10))}));
  uint64_t old_ref = head.find(series("old", {}).labels)->ref();
  uint64_t live_ref = head.find(series("live", {}).labels)->ref();
  auto stats = head.truncate_before(150);
  EXPECT_EQ(stats.removed_refs, std::vector<uint64_t>{old_ref});
  EXPECT_EQ(stats.samples_removed, 10u + 10u);  // all of "old", the first chunk of "live"
  EXPECT_FALSE(head.contains(old_ref));
  EXPECT_TRUE(head.contains(live_ref));
  EXPECT_EQ(head.num_series(), 1u);
  EXPECT_EQ(head.find(series("old", {}).labels), nullptr);
  EXPECT_EQ(head.postings().label_values("__name__"), std::vector<std::string>{"live"});
  EXPECT_EQ(head.select(std::vector{eq("__name__", "old")}), std::vector<uint64_t>{});
  // [100, 190] straddles 150 and is kept whole.
  EXPECT_EQ(head.min_time(), 100);
  EXPECT_EQ(head.samples(live_ref, INT64_MIN, INT64_MAX).front().t, 100);
  EXPECT_EQ(head.samples(live_ref, INT64_MIN, INT64_MAX).size(), 20u);

  // The old series may come back: it is a new series with a new ref.
  auto out = head.append(std::vector{series("old", {{1000, 1}})});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->series_created, 1u);
  EXPECT_GT(head.find(series("old", {}).labels)->ref(), live_ref);
  // Retired objects are freed by the truncations that follow.
  head.truncate_before(150);
  head.truncate_before(150);
  EXPECT_EQ(head.num_series(), 2u);
}

TEST(Head, TruncateEverything) {
  Head head(HeadOptions{});
  ASSERT_TRUE(head.append(std::vector{series("a", every(0, 1000, 10)), series("b", every(0, 10, 10))}));
  auto stats = head.truncate_before(INT64_MAX);
  EXPECT_EQ(stats.removed_refs.size(), 2u);
  EXPECT_EQ(stats.samples_removed, 103u);
  EXPECT_EQ(head.num_series(), 0u);
  EXPECT_EQ(head.min_time(), INT64_MAX);
  EXPECT_TRUE(head.postings().label_names().empty());
  EXPECT_TRUE(head.sorted_refs(INT64_MIN, INT64_MAX).empty());
}

TEST(Head, TruncationRacingAppendsLosesNothing) {
  Head head(HeadOptions{.samples_per_chunk = 4});
  constexpr int kSeries = 50, kRounds = 400;
  std::atomic<bool> done{false};
  uint64_t truncated = 0;
  std::thread truncator([&] {
    // Every truncation empties every series; the ones the appender is
    // reaching at that moment race with it.
    while (!done.load()) truncated += head.truncate_before(INT64_MAX).samples_removed;
  });
  uint64_t appended = 0;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<SeriesSamples> batch;
    for (int s = 0; s < kSeries; ++s) batch.push_back(series("m", {{round, 1.0}}, "job" + std::to_string(s)));
    auto out = head.append(batch);
    ASSERT_TRUE(out);
    appended += out->appended;
  }
  done = true;
  truncator.join();
  EXPECT_EQ(appended, static_cast<uint64_t>(kSeries) * kRounds);
  // A sample appended to a series that had already left the index would be
  // counted by no truncation.
  truncated += head.truncate_before(INT64_MAX).samples_removed;
  EXPECT_EQ(truncated, appended);
  EXPECT_EQ(head.num_series(), 0u);
  EXPECT_EQ(head.postings().num_series(), 0u);
}

TEST(Head, AppendAfterTruncationKeepsTheSample) {
  // Deterministic form of the race: the appender's series leaves the index
  // between lookup and lock; the append must land in a new series.
  Head head(HeadOptions{});
  ASSERT_TRUE(head.append(std::vector{series("m", {{1, 1}})}));
  MemorySeries* before = head.find(series("m", {}).labels);
  head.truncate_before(100);
  EXPECT_TRUE(before->removed());  // still allocated: freed two truncations later
  ASSERT_TRUE(head.append(std::vector{series("m", {{200, 2}})}));
  MemorySeries* after = head.find(series("m", {}).labels);
  ASSERT_NE(after, nullptr);
  EXPECT_NE(after->ref(), before->ref());
  EXPECT_EQ(head.samples(after->ref(), INT64_MIN, INT64_MAX).size(), 1u);
  EXPECT_EQ(head.select(std::vector{eq("__name__", "m")}), std::vector<uint64_t>{after->ref()});
}

TEST(Head, DeleteRangeByMatchers) {
  Head head(HeadOptions{.samples_per_chunk = 10});
  ASSERT_TRUE(head.append(std::vector{series("a", every(0, 99, 1), "x"), series("a", every(0, 99, 1), "y"),
                                      series("b", every(0, 99, 1), "x")}));
  auto stats = head.delete_range(std::vector{eq("__name__", "a")}, 15, 54);
  ASSERT_EQ(stats.series.size(), 2u);
  EXPECT_EQ(stats.samples_removed, 80u);
  EXPECT_EQ(stats.series[0].samples_removed, 40u);
  uint64_t ax = head.find(series("a", {}, "x").labels)->ref();
  uint64_t bx = head.find(series("b", {}, "x").labels)->ref();
  EXPECT_EQ(stats.series[0].ref, ax);
  auto left = head.samples(ax, INT64_MIN, INT64_MAX);
  ASSERT_EQ(left.size(), 60u);
  EXPECT_EQ(left[14].t, 14);
  EXPECT_EQ(left[15].t, 55);
  EXPECT_EQ(left[15].v, 55.0);
  EXPECT_EQ(head.samples(bx, INT64_MIN, INT64_MAX).size(), 100u);

  // Replay of a tombstone: one series by ref.
  EXPECT_EQ(head.delete_ref_range(bx, 90, 1000), 10u);
  EXPECT_EQ(head.samples(bx, INT64_MIN, INT64_MAX).back().t, 89);
  EXPECT_EQ(head.delete_ref_range(9999, 0, 1), 0u);
  // Appends go on after the deleted newest samples.
  ASSERT_TRUE(head.append(std::vector{series("b", {{95, 1}}, "x")}));
  EXPECT_EQ(head.samples(bx, 90, 100).size(), 1u);

  // A series emptied by a delete stays until truncation removes it.
  head.delete_range(std::vector{eq("job", "y")}, INT64_MIN, INT64_MAX);
  uint64_t ay = head.find(series("a", {}, "y").labels)->ref();
  EXPECT_TRUE(head.contains(ay));
  auto truncated = head.truncate_before(0);
  EXPECT_EQ(truncated.removed_refs, std::vector<uint64_t>{ay});
}

TEST(Head, SortedRefsFollowLabelOrderWithinRange) {
  Head head(HeadOptions{});
  ASSERT_TRUE(head.append(std::vector{series("zeta", {{10, 1}}), series("alpha", {{10, 1}}, "b"),
                                      series("alpha", {{10, 1}}, "a"), series("mid", {{500, 1}})}));
  auto ref = [&](std::string name, std::string job = "j") { return head.find(series(name, {}, job).labels)->ref(); };
  EXPECT_EQ(head.sorted_refs(INT64_MIN, INT64_MAX),
            (std::vector<uint64_t>{ref("alpha", "a"), ref("alpha", "b"), ref("mid"), ref("zeta")}));
  EXPECT_EQ(head.sorted_refs(0, 100), (std::vector<uint64_t>{ref("alpha", "a"), ref("alpha", "b"), ref("zeta")}));
  EXPECT_EQ(head.sorted_refs(400, 600), std::vector<uint64_t>{ref("mid")});
  EXPECT_EQ(head.labels(ref("mid"))->to_string(), R"(mid{job="j"})");
  EXPECT_FALSE(head.labels(12345).has_value());
}

TEST(Head, LabelNamesAndValuesByMatchersAndTime) {
  Head head(HeadOptions{});
  ASSERT_TRUE(head.append(std::vector{
      SeriesSamples{labels({{"__name__", "up"}, {"job", "api"}, {"zone", "eu"}}), {{10, 1}}},
      SeriesSamples{labels({{"__name__", "up"}, {"job", "web"}}), {{500, 1}}},
      SeriesSamples{labels({{"__name__", "down"}, {"job", "db"}, {"rack", "r1"}}), {{10, 1}}},
  }));
  std::vector<index::Matcher> none;
  EXPECT_EQ(head.label_names(none, INT64_MIN, INT64_MAX),
            (std::vector<std::string>{"__name__", "job", "rack", "zone"}));
  EXPECT_EQ(head.label_names(std::vector{eq("__name__", "up")}, INT64_MIN, INT64_MAX),
            (std::vector<std::string>{"__name__", "job", "zone"}));
  EXPECT_EQ(head.label_names(none, 400, 600), (std::vector<std::string>{"__name__", "job"}));
  EXPECT_EQ(head.label_values("job", none, INT64_MIN, INT64_MAX), (std::vector<std::string>{"api", "db", "web"}));
  EXPECT_EQ(head.label_values("job", std::vector{eq("__name__", "up")}, 0, 100), std::vector<std::string>{"api"});
  EXPECT_TRUE(head.label_values("missing", none, INT64_MIN, INT64_MAX).empty());
}

TEST(Head, MemoryBreakdownCoversEveryPart) {
  Head head(HeadOptions{});
  std::vector<SeriesSamples> batch;
  for (int s = 0; s < 100; ++s) batch.push_back(series("m", every(0, 100'000, 1000), "job" + std::to_string(s)));
  ASSERT_TRUE(head.append(batch));
  HeadMemory m = head.memory();
  EXPECT_GE(m.series, 100 * sizeof(MemorySeries));
  EXPECT_GT(m.chunks, 100u * 101u);
  EXPECT_EQ(m.out_of_order, 0u);
  EXPECT_GT(m.index, 0u);
  EXPECT_GT(m.postings, 0u);
  EXPECT_GT(m.symbols, 0u);
  EXPECT_EQ(m.total(), m.series + m.chunks + m.index + m.postings + m.symbols);
}

TEST(Head, SamplesBeforeMinValidTimeAreOutOfBounds) {
  Head head(HeadOptions{});
  EXPECT_EQ(head.min_valid_time(), INT64_MIN);
  ASSERT_TRUE(head.append(std::vector{series("m", {{100, 1}})}));
  head.set_min_valid_time(1000);
  head.set_min_valid_time(500);  // never lowered
  EXPECT_EQ(head.min_valid_time(), 1000);
  auto out = head.append(std::vector{series("m", {{999, 1}, {1000, 1}}), series("new", {{5, 1}})});
  ASSERT_TRUE(out);
  EXPECT_EQ(out->appended, 1u);
  ASSERT_EQ(out->rejects.size(), 2u);
  EXPECT_EQ(out->rejects[0].reason, RejectReason::out_of_bounds);
  EXPECT_EQ(out->rejects[0].sample_index, 0u);
  EXPECT_EQ(out->rejects[1].reason, RejectReason::out_of_bounds);
  EXPECT_NE(out->first_error.find("older than the head accepts"), std::string::npos) << out->first_error;
}

TEST(Head, PacksClosedChunksInTheBackground) {
  Head head(HeadOptions{.samples_per_chunk = 120});
  std::vector<SeriesSamples> batch;
  for (int s = 0; s < 20; ++s) batch.push_back(series(std::string("m").append(std::to_string(s)), {}));
  for (int i = 0; i < 500; ++i) {
    for (int s = 0; s < 20; ++s) batch[s].samples = {{int64_t{15'000} * i, static_cast<double>(i * s % 97)}};
    ASSERT_TRUE(head.append(batch));
  }
  head.wait_for_packing();
  for (int s = 0; s < 20; ++s) {
    MemorySeries* m = head.find(batch[s].labels);
    ASSERT_NE(m, nullptr);
    std::vector<Sample> unpacked;
    {
      std::lock_guard lock(m->lock());
      EXPECT_FALSE(m->unpacked_chunk(unpacked));
    }
    auto all = head.samples(m->ref(), INT64_MIN, INT64_MAX);
    ASSERT_EQ(all.size(), 500u);
    for (int i = 0; i < 500; ++i) {
      EXPECT_EQ(all[i].t, int64_t{15'000} * i);
      EXPECT_EQ(all[i].v, static_cast<double>(i * s % 97));
    }
  }
}

TEST(Head, PackingRacesReadsDeletesAndTruncations) {
  Head head(HeadOptions{.samples_per_chunk = 16});
  std::atomic<bool> done{false};
  std::atomic<int64_t> appended{0};
  std::thread editor([&] {
    const std::vector<index::Matcher> all{eq("job", "j")};
    while (!done.load()) {
      // Behind the appender, so that the series always keep their newest samples.
      const int64_t bound = appended.load() - 50;
      head.delete_range(all, bound + 3, bound + 5);
      head.truncate_before(bound);
      for (uint64_t ref : head.select(all)) (void)head.samples(ref, INT64_MIN, INT64_MAX);
    }
  });
  std::vector<SeriesSamples> batch;
  for (int s = 0; s < 10; ++s) batch.push_back(series(std::string("m").append(std::to_string(s)), {}));
  for (int64_t t = 0; t < 4000; ++t) {
    for (auto& item : batch) item.samples = {{t, static_cast<double>(t)}};
    ASSERT_TRUE(head.append(batch));
    appended = t;
  }
  done = true;
  editor.join();
  head.wait_for_packing();
  for (const auto& item : batch) {
    MemorySeries* m = head.find(item.labels);
    ASSERT_NE(m, nullptr);
    auto all = head.samples(m->ref(), INT64_MIN, INT64_MAX);
    ASSERT_FALSE(all.empty());
    for (size_t i = 1; i < all.size(); ++i) ASSERT_LT(all[i - 1].t, all[i].t);
    for (const Sample& s : all) ASSERT_EQ(s.v, static_cast<double>(s.t));
    EXPECT_EQ(all.back().t, 3999);
  }
}

}  // namespace
}  // namespace vigil::storage::head
