#include "vigil/metrics/family.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/counter.h"
#include "vigil/metrics/registry.h"

namespace vigil::metrics {
namespace {

TEST(FamilyTest, ConcurrentLookupsOfNewValuesAgreeOnOneChild) {
  Registry r;
  auto& family = r.counter("c_total", "x", {"worker", "kind"});
  constexpr int kThreads = 4, kKeys = 500;
  std::vector<std::vector<Counter*>> seen(kThreads, std::vector<Counter*>(kKeys));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kKeys; ++k) {
        const std::string key = std::to_string(k);
        Counter& c = family.with({key, "a"});
        c.inc();
        seen[t][k] = &c;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int k = 0; k < kKeys; ++k) {
    for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t][k], seen[0][k]) << k;
    EXPECT_EQ(seen[0][k]->value(), kThreads) << k;
  }
  int children = 0;
  family.for_each([&](const std::vector<Label>&, const Counter&) { ++children; });
  EXPECT_EQ(children, kKeys);
}

TEST(FamilyTest, ValuesThatHashAlikeStayApart) {
  Registry r;
  auto& family = r.counter("c_total", "x", {"a", "b"});
  family.with({"ab", ""}).inc(1);
  family.with({"a", "b"}).inc(2);
  family.with({"", "ab"}).inc(4);
  EXPECT_EQ(family.with({"ab", ""}).value(), 1);
  EXPECT_EQ(family.with({"a", "b"}).value(), 2);
  EXPECT_EQ(family.with({"", "ab"}).value(), 4);
}

TEST(FamilyTest, ValuesBeyondTheCardinalityLimitGoToTheOverflowChild) {
  Registry r;
  auto& family = r.counter("requests_total", "Requests.", {"user"});
  family.set_cardinality_limit(2);
  family.with({"ann"}).inc();
  family.with({"bob"}).inc();
  Counter& overflow = family.with({"cid"});
  overflow.inc();
  family.with({"dan"}).inc();
  EXPECT_EQ(&family.with({"eve"}), &overflow);
  EXPECT_EQ(overflow.value(), 2);
  EXPECT_EQ(family.with({"ann"}).value(), 1);  // existing children are still found
  EXPECT_EQ(family.overflowed(), 3u);

  std::string text;
  exposition::write_text(text, r.collect());
  EXPECT_EQ(text,
            "# HELP requests_total Requests.\n"
            "# TYPE requests_total counter\n"
            "requests_total{user=\"ann\"} 1\n"
            "requests_total{user=\"bob\"} 1\n"
            "requests_total{otel_metric_overflow=\"true\"} 2\n"
            "# HELP vigil_sdk_cardinality_overflows_total Lookups of new label values that a family's cardinality "
            "limit sent to its overflow child.\n"
            "# TYPE vigil_sdk_cardinality_overflows_total counter\n"
            "vigil_sdk_cardinality_overflows_total{metric=\"requests_total\"} 3\n");
}

TEST(FamilyTest, TheRegistrysOverflowCounterNameIsReserved) {
  Registry r;
  EXPECT_THROW(r.counter(std::string(kOverflowsFamilyName), "x"), std::invalid_argument);
}

}  // namespace
}  // namespace vigil::metrics
