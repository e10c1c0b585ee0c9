#include "ingest/otlp/delta_converter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vigil::ingest::otlp {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
};

TEST(OtlpDeltaConverter, AccumulatesContiguousAndGappedDeltas) {
  DeltaConverter c({});
  DeltaChanges changes;
  EXPECT_EQ(c.add_sum("s", {100, 200}, 1, changes), 1);
  EXPECT_EQ(c.add_sum("s", {200, 300}, 2, changes), 3);
  EXPECT_EQ(c.add_sum("s", {400, 500}, 4, changes), 7) << "a gap is accepted";
  EXPECT_EQ(c.add_sum("s", {0, 600}, 1, changes), 8) << "an unknown start is accepted in order";
  EXPECT_EQ(c.add_sum("other", {0, 600}, 5, changes), 5);
}

TEST(OtlpDeltaConverter, RefusesRepeatsOutOfOrderAndOverlaps) {
  DeltaConverter c({});
  DeltaChanges changes;
  ASSERT_TRUE(c.add_sum("s", {100, 200}, 1, changes));
  EXPECT_THAT(c.add_sum("s", {100, 200}, 1, changes).error(), HasSubstr("not after the last one"));
  EXPECT_THAT(c.add_sum("s", {0, 150}, 1, changes).error(), HasSubstr("not after the last one"));
  EXPECT_THAT(c.add_sum("s", {150, 250}, 1, changes).error(), HasSubstr("overlaps"));
  EXPECT_EQ(c.add_sum("s", {200, 250}, 1, changes), 2);
}

TEST(OtlpDeltaConverter, HistogramBoundsChangeStartsANewTotal) {
  DeltaConverter c({});
  DeltaChanges changes;
  ClassicHistogram a{{1}, {1, 1}, 2, 2.0};
  ClassicHistogram b{{1, 2}, {1, 1, 1}, 3, 3.0};
  ASSERT_TRUE(c.add_histogram("h", {0, 10}, a, changes));
  auto same = c.add_histogram("h", {10, 20}, a, changes);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->count, 4u);
  EXPECT_EQ(same->counts, (std::vector<uint64_t>{2, 2}));
  EXPECT_EQ(*same->sum, 4.0);
  auto reset = c.add_histogram("h", {20, 30}, b, changes);
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->count, 3u);
}

TEST(OtlpDeltaConverter, IdleStreamsAreForgotten) {
  FakeClock clock;
  DeltaConverter c({.max_streams = 10, .idle_timeout = 1min}, [&] { return clock.now; });
  DeltaChanges changes;
  ASSERT_TRUE(c.add_sum("s", {0, 10}, 5, changes));
  clock.now += 2min;
  EXPECT_EQ(c.add_sum("s", {10, 20}, 1, changes), 1) << "a new total after being idle";
  clock.now += 2min;
  ASSERT_TRUE(c.add_sum("t", {0, 10}, 1, changes));
  EXPECT_EQ(c.streams(), 1u) << "the periodic sweep removed the idle one";
}

TEST(OtlpDeltaConverter, BoundedNumberOfStreams) {
  FakeClock clock;
  DeltaConverter c({.max_streams = 2, .idle_timeout = 1min}, [&] { return clock.now; });
  DeltaChanges changes;
  ASSERT_TRUE(c.add_sum("a", {0, 10}, 1, changes));
  ASSERT_TRUE(c.add_sum("b", {0, 10}, 1, changes));
  EXPECT_THAT(c.add_sum("c", {0, 10}, 1, changes).error(), HasSubstr("limit of 2 streams"));
  EXPECT_TRUE(c.add_sum("a", {10, 20}, 1, changes)) << "existing streams keep working";
  clock.now += 30s;
  ASSERT_TRUE(c.add_sum("a", {20, 30}, 1, changes));
  clock.now += 40s;  // b idle for 70 s, a for 40 s
  EXPECT_TRUE(c.add_sum("c", {0, 10}, 1, changes)) << "room made by evicting the idle stream";
  EXPECT_EQ(c.streams(), 2u);
}

TEST(OtlpDeltaConverter, RollbackUndoesARequest) {
  DeltaConverter c({});
  DeltaChanges first;
  ASSERT_TRUE(c.add_sum("s", {0, 10}, 1, first));
  DeltaChanges failed;
  ASSERT_TRUE(c.add_sum("s", {10, 20}, 2, failed));
  ASSERT_TRUE(c.add_sum("s", {20, 30}, 3, failed));
  ASSERT_TRUE(c.add_sum("new", {0, 10}, 3, failed));
  c.rollback(failed);
  EXPECT_EQ(c.streams(), 1u);
  DeltaChanges retry;
  EXPECT_EQ(c.add_sum("s", {10, 20}, 2, retry), 3) << "the retry is counted once";
}

}  // namespace
}  // namespace vigil::ingest::otlp
