#include "alerting/alert.h"

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

using std::chrono::minutes;

const TimePoint kNow = TimePoint{} + std::chrono::hours(24 * 365 * 50);

Alert at(minutes starts, minutes ends, minutes updated, bool timeout = false) {
  Alert a;
  a.labels = {{"alertname", "A"}};
  a.starts_at = kNow + starts;
  a.ends_at = ends == minutes(0) ? TimePoint{} : kNow + ends;
  a.updated_at = kNow + updated;
  a.timeout = timeout;
  return a;
}

TEST(Alert, ResolvedWhenEndNotAfterNow) {
  EXPECT_FALSE(at(minutes(-5), minutes(0), minutes(0)).resolved_at(kNow));
  EXPECT_TRUE(at(minutes(-5), minutes(-1), minutes(0)).resolved_at(kNow));
  EXPECT_FALSE(at(minutes(-5), minutes(1), minutes(0)).resolved_at(kNow));
}

TEST(Alert, MergeKeepsEarliestStartAndNewestPost) {
  const Alert old = at(minutes(-10), minutes(5), minutes(-2));
  Alert young = at(minutes(-3), minutes(4), minutes(-1));
  young.annotations = {{"summary", "new"}};
  const Alert merged = merge(old, young, kNow);
  EXPECT_EQ(merged.starts_at, old.starts_at);
  EXPECT_EQ(merged.annotations.at("summary"), "new");
  // The later explicit end of the older post wins while firing ...
  EXPECT_EQ(merged.ends_at, old.ends_at);
  // ... but not one set by the resolve timeout.
  EXPECT_EQ(merge(at(minutes(-10), minutes(5), minutes(-2), true), young, kNow).ends_at, young.ends_at);
  // Argument order does not matter.
  EXPECT_EQ(merge(young, old, kNow).starts_at, old.starts_at);
}

TEST(Alert, MergeOfResolvedKeepsLatestEnd) {
  const Alert old = at(minutes(-10), minutes(-1), minutes(-2));
  const Alert young = at(minutes(-10), minutes(-4), minutes(-1));
  EXPECT_EQ(merge(old, young, kNow).ends_at, old.ends_at);
  // A firing older post does not reopen a resolved one.
  const Alert firing_old = at(minutes(-10), minutes(10), minutes(-2));
  EXPECT_EQ(merge(firing_old, young, kNow).ends_at, young.ends_at);
}

}  // namespace
}  // namespace vigil::alerting
