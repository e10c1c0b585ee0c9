#include "ingest/scrape/scrape_result.h"

#include <gtest/gtest.h>

#include <map>

namespace vigil::ingest::scrape {
namespace {

using storage::LabelSet;

LabelSet labels(std::vector<storage::Label> list) { return LabelSet::from(std::move(list)).value(); }

std::shared_ptr<const ScrapeConfig> config_of(const std::string& yaml) {
  auto configs = decode_scrape_configs(YAML::Load(yaml)["scrape_configs"], "vigil.yml", "");
  EXPECT_TRUE(configs) << configs.error().message;
  return std::make_shared<const ScrapeConfig>(std::move(configs->front()));
}

// Series text -> its samples, to compare batches without caring for order.
std::map<std::string, std::vector<storage::Sample>> by_series(const std::vector<storage::SeriesSamples>& batch) {
  std::map<std::string, std::vector<storage::Sample>> out;
  for (const auto& s : batch) {
    auto& samples = out[s.labels.to_string()];
    samples.insert(samples.end(), s.samples.begin(), s.samples.end());
  }
  return out;
}

const LabelSet kTarget = labels({{"instance", "h:1"}, {"job", "j"}});

TEST(ScrapeResult, SamplesWithTargetLabelsAndTheSyntheticSeries) {
  const auto config = config_of("scrape_configs: [{job_name: j}]");
  ScrapeResult result(config, kTarget);
  auto outcome = result.body("# TYPE a counter\na_total{x=\"1\"} 5\nb 2 1000\n", exposition::Format::prometheus_text,
                             60'000, 0.25);
  EXPECT_TRUE(outcome.up);
  EXPECT_EQ(outcome.samples_scraped, 2u);
  EXPECT_EQ(outcome.series_added, 2u);
  auto series = by_series(outcome.batch);
  EXPECT_EQ(series.size(), 7u);
  ASSERT_EQ(series["a_total{instance=\"h:1\", job=\"j\", x=\"1\"}"].size(), 1u);
  EXPECT_EQ(series["a_total{instance=\"h:1\", job=\"j\", x=\"1\"}"][0].t, 60'000);
  EXPECT_EQ(series["b{instance=\"h:1\", job=\"j\"}"][0].t, 1000);  // honor_timestamps
  EXPECT_EQ(series["up{instance=\"h:1\", job=\"j\"}"][0].v, 1);
  EXPECT_EQ(series["scrape_duration_seconds{instance=\"h:1\", job=\"j\"}"][0].v, 0.25);
  EXPECT_EQ(series["scrape_samples_scraped{instance=\"h:1\", job=\"j\"}"][0].v, 2);
  EXPECT_EQ(series["scrape_samples_post_metric_relabeling{instance=\"h:1\", job=\"j\"}"][0].v, 2);
  EXPECT_EQ(series["scrape_series_added{instance=\"h:1\", job=\"j\"}"][0].v, 2);
}

TEST(ScrapeResult, DisappearingSeriesGoStaleAndFailuresStaleEverything) {
  const auto config = config_of("scrape_configs: [{job_name: j}]");
  ScrapeResult result(config, kTarget);
  result.body("a 1\nb 1\n", exposition::Format::prometheus_text, 1000, 0.1);
  auto second = result.body("a 2\nc 1\n", exposition::Format::prometheus_text, 2000, 0.1);
  auto series = by_series(second.batch);
  ASSERT_EQ(series["b{instance=\"h:1\", job=\"j\"}"].size(), 1u);
  EXPECT_TRUE(storage::is_stale_nan(series["b{instance=\"h:1\", job=\"j\"}"][0].v));
  EXPECT_EQ(series["b{instance=\"h:1\", job=\"j\"}"][0].t, 2000);
  EXPECT_EQ(second.series_added, 1u);

  auto failed = result.failed("connection refused", 3000, 0.01);
  EXPECT_FALSE(failed.up);
  series = by_series(failed.batch);
  EXPECT_TRUE(storage::is_stale_nan(series["a{instance=\"h:1\", job=\"j\"}"].at(0).v));
  EXPECT_TRUE(storage::is_stale_nan(series["c{instance=\"h:1\", job=\"j\"}"].at(0).v));
  EXPECT_EQ(series["up{instance=\"h:1\", job=\"j\"}"].at(0).v, 0);

  auto stopped = by_series(result.stop(4000));
  // Nothing left from the failed scrape but the synthetic series, which end too.
  EXPECT_EQ(stopped.size(), 5u);
  EXPECT_TRUE(storage::is_stale_nan(stopped["up{instance=\"h:1\", job=\"j\"}"].at(0).v));
}

TEST(ScrapeResult, HonorLabelsOrExportedPrefixes) {
  const LabelSet sample = labels({{"__name__", "m"}, {"job", "theirs"}, {"exported_job", "x"}});
  EXPECT_EQ(merge_target_labels(sample, kTarget, true),
            labels({{"__name__", "m"}, {"exported_job", "x"}, {"instance", "h:1"}, {"job", "theirs"}}));
  EXPECT_EQ(merge_target_labels(sample, kTarget, false),
            labels({{"__name__", "m"}, {"exported_exported_job", "theirs"}, {"exported_job", "x"}, {"instance", "h:1"},
                    {"job", "j"}}));
}

TEST(ScrapeResult, MetricRelabelingAndLimits) {
  const auto config = config_of(R"(
scrape_configs:
  - job_name: j
    honor_timestamps: false
    sample_limit: 2
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'go_.*'
        action: drop
)");
  ScrapeResult result(config, kTarget);
  auto ok = result.body("go_a 1\ngo_b 1\na 1 5\nb 1\n", exposition::Format::prometheus_text, 1000, 0.1);
  EXPECT_TRUE(ok.up) << ok.error;
  EXPECT_EQ(ok.samples_scraped, 4u);
  EXPECT_EQ(ok.samples_post_relabel, 2u);
  EXPECT_EQ(by_series(ok.batch)["a{instance=\"h:1\", job=\"j\"}"].at(0).t, 1000);  // timestamps not honored

  auto over = result.body("a 1\nb 1\nc 1\n", exposition::Format::prometheus_text, 2000, 0.1);
  EXPECT_FALSE(over.up);
  EXPECT_EQ(over.error, "sample limit exceeded (3 samples, limit 2)");
  auto series = by_series(over.batch);
  EXPECT_EQ(series.count("c{instance=\"h:1\", job=\"j\"}"), 0u);  // nothing of a failed scrape is stored
  EXPECT_TRUE(storage::is_stale_nan(series["a{instance=\"h:1\", job=\"j\"}"].at(0).v));

  const auto limited = config_of("scrape_configs: [{job_name: j, label_limit: 3}]");
  ScrapeResult small(limited, kTarget);
  auto too_many = small.body("m{a=\"1\",b=\"2\"} 1\n", exposition::Format::prometheus_text, 1000, 0.1);
  EXPECT_EQ(too_many.error, "label_limit exceeded (metric: m, number of labels: 5, limit: 3)");
}

TEST(ScrapeResult, ParseErrorsFailTheScrape) {
  const auto config = config_of("scrape_configs: [{job_name: j}]");
  ScrapeResult result(config, kTarget);
  auto outcome = result.body("a 1\nb\n", exposition::Format::prometheus_text, 1000, 0.1);
  EXPECT_FALSE(outcome.up);
  EXPECT_EQ(outcome.error, "line 2, column 2: expected a value, found the end of the line");
  EXPECT_EQ(by_series(outcome.batch).size(), 5u);  // only the synthetic series
  auto clash = result.body("m{__name__=\"x\"} 1\n", exposition::Format::prometheus_text, 2000, 0.1);
  EXPECT_EQ(clash.error, "line 1: duplicate label name \"__name__\"");
}

}  // namespace
}  // namespace vigil::ingest::scrape
