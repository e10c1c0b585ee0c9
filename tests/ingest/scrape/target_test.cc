#include "ingest/scrape/target.h"

#include <gtest/gtest.h>

namespace vigil::ingest::scrape {
namespace {

using storage::LabelSet;

LabelSet labels(std::vector<storage::Label> list) { return LabelSet::from(std::move(list)).value(); }

ScrapeConfig config_of(const std::string& yaml) {
  auto configs = decode_scrape_configs(YAML::Load(yaml)["scrape_configs"], "vigil.yml", "");
  EXPECT_TRUE(configs) << configs.error().message;
  return std::move(configs->front());
}

TEST(Targets, LabelsUrlAndDefaultsAsPrometheus) {
  const ScrapeConfig config = config_of(R"(
scrape_configs:
  - job_name: node
    scrape_interval: 15s
    params: {module: [http_2xx, second], x: [a b]}
)");
  const auto built = build_targets(config, {{{"host-a:9100", "host-b"}, {{"env", "prod"}}, "static_configs[0]"}});
  ASSERT_TRUE(built.errors.empty()) << built.errors.front();
  ASSERT_EQ(built.active.size(), 2u);
  const Target& a = built.active[0];
  EXPECT_EQ(a.labels, labels({{"env", "prod"}, {"instance", "host-a:9100"}, {"job", "node"}}));
  EXPECT_EQ(a.url(), "http://host-a:9100/metrics?module=http_2xx&module=second&x=a+b");
  EXPECT_EQ(a.interval, std::chrono::seconds(15));
  EXPECT_EQ(a.timeout, std::chrono::seconds(10));
  EXPECT_EQ(a.discovered, labels({{"__address__", "host-a:9100"},
                                  {"__metrics_path__", "/metrics"},
                                  {"__param_module", "http_2xx"},
                                  {"__param_x", "a b"},
                                  {"__scheme__", "http"},
                                  {"__scrape_interval__", "15s"},
                                  {"__scrape_timeout__", "10s"},
                                  {"env", "prod"},
                                  {"job", "node"}}));
  // No port: the scheme's default is added, and instance follows.
  EXPECT_EQ(built.active[1].address, "host-b:80");
  EXPECT_EQ(built.active[1].labels.get("instance"), "host-b:80");
  EXPECT_NE(a.hash, built.active[1].hash);
}

TEST(Targets, RelabelingRewritesAddressPathParamsAndDrops) {
  const ScrapeConfig config = config_of(R"(
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    scheme: https
    relabel_configs:
      - source_labels: [__address__]
        regex: 'skip.*'
        action: drop
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 'exporter:9115'
      - target_label: __scrape_interval__
        replacement: 30s
)");
  const auto built = build_targets(config, {{{"example.com", "skip.me"}, {}, "static_configs[0]"}});
  ASSERT_TRUE(built.errors.empty()) << built.errors.front();
  ASSERT_EQ(built.active.size(), 1u);
  const Target& t = built.active[0];
  EXPECT_EQ(t.url(), "https://exporter:9115/probe?target=example.com");
  EXPECT_EQ(t.labels, labels({{"instance", "example.com"}, {"job", "blackbox"}}));
  EXPECT_EQ(t.interval, std::chrono::seconds(30));
  ASSERT_EQ(built.dropped.size(), 1u);
  EXPECT_EQ(built.dropped[0].discovered.get("__address__"), "skip.me");
  EXPECT_EQ(built.dropped[0].discovered.get("job"), "blackbox");
}

TEST(Targets, InvalidTargetsAreReportedAndDuplicatesKeptOnce) {
  const ScrapeConfig config = config_of(R"(
scrape_configs:
  - job_name: j
    relabel_configs:
      - source_labels: [__address__]
        regex: 'slow:.*'
        target_label: __scrape_timeout__
        replacement: 2m
)");
  const auto built = build_targets(config, {{{"a:1", "a:1", "slow:1", "[::1]:9090", "::1"}, {}, "file.json"}});
  ASSERT_EQ(built.errors.size(), 1u);
  EXPECT_EQ(built.errors[0],
            "job \"j\", file.json target \"slow:1\": scrape timeout cannot be greater than scrape interval "
            "(\"2m\" > \"1m\")");
  ASSERT_EQ(built.active.size(), 3u);
  EXPECT_EQ(built.active[1].address, "[::1]:9090");
  EXPECT_EQ(built.active[2].address, "[::1]:80");
}

}  // namespace
}  // namespace vigil::ingest::scrape
