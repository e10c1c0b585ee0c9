#include "ingest/scrape/metric_metadata.h"

#include <gtest/gtest.h>

#include "ingest/scrape/scrape_result.h"

namespace vigil::ingest::scrape {
namespace {

TEST(MetricMetadata, CollectsTypeHelpUnitPerFamilySorted) {
  MetadataCollector collector;
  collector.help("z", "last");
  collector.type("a", exposition::MetricType::counter);
  collector.unit("a", "seconds");
  collector.help("a", "first");
  auto list = collector.take();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].metric, "a");
  EXPECT_EQ((*list)[0].type, "counter");
  EXPECT_EQ((*list)[0].help, "first");
  EXPECT_EQ((*list)[0].unit, "seconds");
  EXPECT_EQ((*list)[1].metric, "z");
  EXPECT_EQ((*list)[1].type, "unknown");
}

TEST(MetricMetadata, BoundedPerTarget) {
  MetadataCollector collector;
  for (size_t i = 0; i < kMaxMetadataPerTarget + 5; ++i) collector.help("m" + std::to_string(i), "h");
  collector.type("m0", exposition::MetricType::gauge);  // known families still update
  auto list = collector.take();
  EXPECT_EQ(list->size(), kMaxMetadataPerTarget);
}

TEST(MetricMetadata, FromASuccessfulScrapeOnly) {
  auto configs = decode_scrape_configs(YAML::Load("scrape_configs: [{job_name: j}]")["scrape_configs"], "vigil.yml", "");
  ASSERT_TRUE(configs);
  ScrapeResult result(std::make_shared<const ScrapeConfig>(std::move(configs->front())),
                      storage::LabelSet::from({{"job", "j"}}).value());
  auto ok = result.body("# HELP a_total Things.\n# TYPE a_total counter\na_total 1\n",
                        exposition::Format::prometheus_text, 1000, 0.1);
  ASSERT_TRUE(ok.metadata);
  ASSERT_EQ(ok.metadata->size(), 1u);
  EXPECT_EQ(ok.metadata->front().help, "Things.");
  EXPECT_FALSE(result.failed("connection refused", 2000, 0.1).metadata);
  EXPECT_FALSE(result.body("a_total{", exposition::Format::prometheus_text, 3000, 0.1).metadata);
}

}  // namespace
}  // namespace vigil::ingest::scrape
