#include "vigil/metrics/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>

namespace vigil::metrics {
namespace {

TEST(NameValidationTest, MetricAndLabelNames) {
  for (std::string_view ok : {"up", "http_requests_total", "_x", "a:b:c", "Z9"})
    EXPECT_TRUE(is_valid_metric_name(ok)) << ok;
  for (std::string_view bad : {"", "9lives", "a-b", "a b", "é"}) EXPECT_FALSE(is_valid_metric_name(bad)) << bad;
  for (std::string_view ok : {"method", "_x", "code2", "le"}) EXPECT_TRUE(is_valid_label_name(ok)) << ok;
  for (std::string_view bad : {"", "__name__", "__x", "a:b", "1a", "a-b"})
    EXPECT_FALSE(is_valid_label_name(bad)) << bad;
}

TEST(RegistryTest, RejectsDuplicateAndInvalidRegistrations) {
  Registry r;
  r.counter("requests_total", "Requests.");
  EXPECT_THROW(r.counter("requests_total", "Again."), std::invalid_argument);
  EXPECT_THROW(r.gauge("requests_total", "Other type, same name."), std::invalid_argument);
  EXPECT_THROW(r.gauge("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(r.gauge("g", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(r.gauge("g", "x", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "x", {"le"}), std::invalid_argument);
  EXPECT_THROW(r.histogram("h", "x", {}, {2, 1}), std::invalid_argument);
  r.gauge("g2", "le is fine outside histograms", {"le"});
  r.histogram("h", "x", {});  // the failed attempts registered nothing
}

TEST(FamilyTest, LabelCountMustMatch) {
  Registry r;
  auto& family = r.counter("c_total", "x", {"method", "code"});
  EXPECT_THROW(family.with({"GET"}), std::invalid_argument);
  EXPECT_THROW(family.with({"GET", "200", "extra"}), std::invalid_argument);
  EXPECT_NO_THROW(family.with({"GET", "200"}));
}

TEST(FamilyTest, ChildReferencesAreStable) {
  Registry r;
  auto& family = r.gauge("g", "x", {"k"});
  Gauge& a = family.with({"a"});
  a.set(3);
  for (int i = 0; i < 100; ++i) family.with({std::to_string(i)});  // forces the map to grow
  EXPECT_EQ(&family.with({"a"}), &a);
  EXPECT_EQ(family.with(std::vector<std::string>{"a"}).value(), 3);
}

TEST(CounterTest, IgnoresNegativeAndNaNIncrements) {
  Counter c;
  c.inc();
  c.inc(2.5);
  c.inc(-1);
  c.inc(std::nan(""));
  EXPECT_EQ(c.value(), 3.5);
}

TEST(CounterTest, ConcurrentIncrementsSumExactly) {
  Registry r;
  Counter& c = r.counter("c_total", "x").with({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c] {
      for (int i = 0; i < 100'000; ++i) c.inc();
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(c.value(), 400'000.0);
}

TEST(RegistryTest, CollectSortsFamiliesAndLabels) {
  Registry r;
  auto& requests = r.counter("requests_total", "Requests.", {"method", "code"});
  requests.with({"POST", "500"}).inc(2);
  requests.with({"GET", "200"}).inc();
  r.gauge("build_info", "Build.", {}, "").with({}).set(1);
  auto& latency = r.histogram("latency_seconds", "Latency.", {"path"}, {0.1, 1}, "seconds");
  latency.with({"/q"}).observe(0.5);
  r.add_collector([](std::vector<MetricFamily>& out) {
    out.push_back(MetricFamily{"aaa_collected", "From a collector.", "", MetricType::gauge, {{{}, 7.0}}});
  });

  const auto families = r.collect();
  ASSERT_EQ(families.size(), 4u);
  EXPECT_EQ(families[0].name, "aaa_collected");
  EXPECT_EQ(families[1].name, "build_info");
  EXPECT_EQ(families[1].type, MetricType::gauge);
  EXPECT_EQ(families[2].name, "latency_seconds");
  EXPECT_EQ(families[2].unit, "seconds");
  EXPECT_EQ(families[3].name, "requests_total");
  EXPECT_EQ(families[3].help, "Requests.");
  EXPECT_EQ(families[3].type, MetricType::counter);

  const auto& points = families[3].points;
  ASSERT_EQ(points.size(), 2u);
  // label-value order (GET before POST), labels sorted by name (code before method)
  EXPECT_EQ(points[0].labels, (std::vector<Label>{{"code", "200"}, {"method", "GET"}}));
  EXPECT_EQ(std::get<double>(points[0].value), 1.0);
  EXPECT_EQ(points[1].labels, (std::vector<Label>{{"code", "500"}, {"method", "POST"}}));
  EXPECT_EQ(std::get<double>(points[1].value), 2.0);

  const auto& h = std::get<HistogramValue>(families[2].points.at(0).value);
  EXPECT_EQ(h.cumulative_counts, (std::vector<uint64_t>{0, 1, 1}));
  EXPECT_EQ(h.count, 1u);
}

}  // namespace
}  // namespace vigil::metrics
