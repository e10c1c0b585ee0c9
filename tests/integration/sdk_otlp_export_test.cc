// The SDK's OTLP exporter pushing to the real binary's OTLP/HTTP receiver:
// the series Vigil stores are those a scrape of the same registry's
// exposition would give (with job and instance from service.name and
// service.instance.id), histogram buckets included.

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "support/form_encode.h"
#include "support/http_client.h"
#include "support/vigil_process.h"
#include "vigil/export/otlp_exporter.h"
#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace vigil::testing {
namespace {

using namespace std::chrono_literals;

// "name{a="x",b="y"} value" with the labels sorted by name.
std::string series_line(const std::string& name, std::map<std::string, std::string> labels, const std::string& value) {
  std::string out = name + "{";
  bool first = true;
  for (const auto& [label, label_value] : labels) {
    if (!first) out += ",";
    first = false;
    out += label + "=\"" + label_value + "\"";
  }
  return out + "} " + value;
}

// The samples of a text exposition (simple label values: no escapes, commas
// or braces), each with the extra labels a scrape target would add.
std::set<std::string> exposition_series(const std::string& exposition,
                                        const std::map<std::string, std::string>& target_labels) {
  std::set<std::string> out;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    const size_t space = line.rfind(' ');
    const std::string sample = line.substr(0, space);
    const size_t brace = sample.find('{');
    std::map<std::string, std::string> labels = target_labels;
    if (brace != std::string::npos) {
      std::string inside = sample.substr(brace + 1, sample.size() - brace - 2);
      while (!inside.empty()) {
        const size_t equals = inside.find("=\"");
        const size_t close = inside.find('"', equals + 2);
        labels[inside.substr(0, equals)] = inside.substr(equals + 2, close - equals - 2);
        inside.erase(0, std::min(close + 2, inside.size()));  // past `",`
      }
    }
    out.insert(series_line(sample.substr(0, brace), labels, line.substr(space + 1)));
  }
  return out;
}

// The instant vector of /api/v1/query for `query`, in the same shape.
std::set<std::string> queried_series(int port, const std::string& query) {
  std::set<std::string> out;
  auto res = http_get(port, "/api/v1/query?" + form_encode({{"query", query}}));
  EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  if (!res) return out;
  google::protobuf::Struct answer;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &answer).ok()) << res->body;
  for (const auto& item : answer.fields().at("data").struct_value().fields().at("result").list_value().values()) {
    const auto& fields = item.struct_value().fields();
    std::map<std::string, std::string> labels;
    std::string name;
    for (const auto& [label, value] : fields.at("metric").struct_value().fields()) {
      if (label == "__name__") {
        name = value.string_value();
      } else {
        labels[label] = value.string_value();
      }
    }
    out.insert(series_line(name, labels, fields.at("value").list_value().values(1).string_value()));
  }
  return out;
}

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
