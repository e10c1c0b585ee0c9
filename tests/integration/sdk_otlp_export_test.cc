// The SDK's OTLP exporter pushing to the real binary's OTLP/HTTP receiver:
// the series Vigil stores are those a scrape of the same registry's
// exposition would give (with job and instance from service.name and
// service.instance.id), histogram buckets included.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "exposition_series.h"
#include "support/vigil_process.h"
#include "vigil/export/otlp_exporter.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

TEST(SdkOtlpExport, PushedSeriesMatchWhatAScrapeOfTheRegistryGives) {
  const int otlp_port = free_port();
  VigilProcess vigil({}, {{"VIGIL_OTLP_HTTP_LISTEN", "127.0.0.1:" + std::to_string(otlp_port)}});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();

  metrics::Registry registry;
  auto& orders = registry.counter("shop_orders_total", "Orders placed.", {"region"});
  orders.with({"eu"}).inc(3);
  orders.with({"us"}).inc(5);
  registry.counter("shop_sent_bytes_total", "Bytes sent.", {}, "bytes").with({}).inc(2048);
  registry.gauge("shop_queue_depth", "Orders waiting.", {"queue"}).with({"payments"}).set(7);
  auto& duration =
      registry.histogram("shop_checkout_duration_seconds", "Checkout latency.", {"route"}, {0.25, 1, 2.5}, "seconds");
  for (double v : {0.125, 0.5, 0.75, 2.0, 4.0}) duration.with({"/pay"}).observe(v);

  exporter::OtlpExporterOptions options;
  options.endpoint = "http://127.0.0.1:" + std::to_string(otlp_port) + "/v1/metrics";
  options.export_interval = 1h;  // only the flush exports
  options.resource_attributes = {{"service.name", "shop"}, {"service.instance.id", "shop-1"}};
  exporter::OtlpExporter exporter(registry, options);
  ASSERT_TRUE(exporter.force_flush(20s)) << vigil.log();

  std::string exposition;
  exposition::write_exposition(exposition, registry.collect(), exposition::Format::prometheus_text);
  const std::set<std::string> expected = exposition_series(exposition, {{"job", "shop"}, {"instance", "shop-1"}});
  EXPECT_EQ(queried_series(vigil.port(), "{job=\"shop\"}"), expected) << exposition;

  // Spelled out, so that a change on both sides cannot go unnoticed.
  EXPECT_TRUE(expected.contains("shop_orders_total{instance=\"shop-1\",job=\"shop\",region=\"eu\"} 3"));
  EXPECT_TRUE(expected.contains("shop_sent_bytes_total{instance=\"shop-1\",job=\"shop\"} 2048"));
  EXPECT_TRUE(expected.contains("shop_queue_depth{instance=\"shop-1\",job=\"shop\",queue=\"payments\"} 7"));
  EXPECT_TRUE(expected.contains(
      "shop_checkout_duration_seconds_bucket{instance=\"shop-1\",job=\"shop\",le=\"1\",route=\"/pay\"} 3"));
  EXPECT_TRUE(expected.contains(
      "shop_checkout_duration_seconds_bucket{instance=\"shop-1\",job=\"shop\",le=\"+Inf\",route=\"/pay\"} 5"));
  EXPECT_TRUE(
      expected.contains("shop_checkout_duration_seconds_sum{instance=\"shop-1\",job=\"shop\",route=\"/pay\"} 7.375"));
  EXPECT_TRUE(
      expected.contains("shop_checkout_duration_seconds_count{instance=\"shop-1\",job=\"shop\",route=\"/pay\"} 5"));
  EXPECT_EQ(expected.size(), 10u);

  // A later push carries the cumulative totals.
  orders.with({"eu"}).inc(2);
  ASSERT_TRUE(exporter.force_flush(20s));
  EXPECT_EQ(queried_series(vigil.port(), "shop_orders_total{region=\"eu\"}"),
            (std::set<std::string>{"shop_orders_total{instance=\"shop-1\",job=\"shop\",region=\"eu\"} 5"}));
  EXPECT_EQ(exporter.stats().exported_batches, 2u);
  EXPECT_EQ(exporter.stats().dropped_batches, 0u);
}

}  // namespace
}  // namespace vigil::testing
