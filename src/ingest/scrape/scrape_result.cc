#include "ingest/scrape/scrape_result.h"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "storage/labels/label_set_builder.h"
#include "storage/sample.h"

namespace vigil::ingest::scrape {
namespace {

constexpr std::string_view kExportedPrefix = "exported_";

// The body's samples with their own labels (__name__ included), in order.
struct Collector : exposition::ParseSink {
  struct Parsed {
    storage::LabelSet labels;
    std::optional<int64_t> timestamp_ms;
    double value;
  };
  std::vector<Parsed> samples;
  std::string error;  // the first sample whose labels are not a label set
  MetadataCollector metadata;

  void on_type(std::string_view family, exposition::MetricType type) override { metadata.type(family, type); }
  void on_help(std::string_view family, std::string_view help) override { metadata.help(family, help); }
  void on_unit(std::string_view family, std::string_view unit) override { metadata.unit(family, unit); }

  void on_sample(const exposition::SampleView& s) override {
    std::vector<storage::Label> labels;
    labels.reserve(s.labels.size() + 1);
    labels.push_back({std::string(storage::kMetricNameLabel), std::string(s.name)});
    for (const exposition::LabelView& l : s.labels) labels.push_back({std::string(l.name), std::string(l.value)});
    // The parser refuses duplicate names, so only a "__name__" label in the
    // braces can clash here.
    auto set = storage::LabelSet::from(std::move(labels));
    if (!set) {
      if (error.empty()) error = fmt::format("line {}: {}", s.line, set.error().message);
      return;
    }
    samples.push_back({std::move(*set), s.timestamp_ms, s.value});
  }
};

}  // namespace

storage::LabelSet merge_target_labels(const storage::LabelSet& sample, const storage::LabelSet& target,
                                      bool honor_labels) {
  storage::LabelSetBuilder merged(sample);
  if (honor_labels) {
    for (const storage::Label& label : target) {
      if (sample.get(label.name).empty()) merged.set(label.name, label.value);
    }
    return merged.labels();
  }
  std::vector<const storage::Label*> conflicts;
  for (const storage::Label& label : target) {
    if (!sample.get(label.name).empty()) conflicts.push_back(&label);
    merged.set(label.name, label.value);
  }
  for (const storage::Label* label : conflicts) {
    std::string name = std::string(kExportedPrefix) + label->name;
    // Free in neither the sample's labels nor the target's.
    while (!sample.get(name).empty() || !target.get(name).empty()) name.insert(0, kExportedPrefix);
    merged.set(name, sample.get(label->name));
  }
  return merged.labels();
}

ScrapeOutcome ScrapeResult::body(std::string_view body, exposition::Format format, int64_t scrape_ms,
                                 double duration_s) {
  Collector collector;
  if (auto parsed = parser_.parse(body, format, collector); !parsed) {
    return failed(parsed.error().message, scrape_ms, duration_s);
  }
  if (!collector.error.empty()) return failed(collector.error, scrape_ms, duration_s);
  ScrapeOutcome outcome;
  outcome.samples_scraped = collector.samples.size();
  std::map<storage::LabelSet, std::vector<storage::Sample>> series;
  for (Collector::Parsed& sample : collector.samples) {
    storage::LabelSetBuilder labels(merge_target_labels(sample.labels, target_labels_, config_->honor_labels));
    if (!relabel(config_->metric_relabel_configs, labels)) continue;
    storage::LabelSet final_labels = labels.labels();
    if (final_labels.size() == 0) continue;
    if (config_->label_limit > 0 && final_labels.size() > config_->label_limit) {
      return failed(fmt::format("label_limit exceeded (metric: {}, number of labels: {}, limit: {})",
                                final_labels.metric_name(), final_labels.size(), config_->label_limit),
                    scrape_ms, duration_s);
    }
    for (const storage::Label& label : final_labels) {
      if (config_->label_name_length_limit > 0 && label.name.size() > config_->label_name_length_limit) {
        return failed(fmt::format("label_name_length_limit exceeded (metric: {}, label name: {}, limit: {})",
                                  final_labels.metric_name(), label.name, config_->label_name_length_limit),
                      scrape_ms, duration_s);
      }
      if (config_->label_value_length_limit > 0 && label.value.size() > config_->label_value_length_limit) {
        return failed(fmt::format("label_value_length_limit exceeded (metric: {}, label name: {}, value length: "
                                  "{}, limit: {})",
                                  final_labels.metric_name(), label.name, label.value.size(),
                                  config_->label_value_length_limit),
                      scrape_ms, duration_s);
      }
    }
    const int64_t t = config_->honor_timestamps && sample.timestamp_ms ? *sample.timestamp_ms : scrape_ms;
    series[std::move(final_labels)].push_back({t, sample.value});
    ++outcome.samples_post_relabel;
  }
  if (config_->sample_limit > 0 && outcome.samples_post_relabel > config_->sample_limit) {
    return failed(fmt::format("sample limit exceeded ({} samples, limit {})", outcome.samples_post_relabel,
                              config_->sample_limit),
                  scrape_ms, duration_s);
  }
  std::set<storage::LabelSet> now;
  for (auto& [labels, samples] : series) {
    if (!last_series_.contains(labels)) ++outcome.series_added;
    now.insert(labels);
    outcome.batch.push_back({labels, std::move(samples)});
  }
  mark_stale(outcome.batch, now, scrape_ms);
  last_series_ = std::move(now);
  outcome.up = true;
  outcome.metadata = collector.metadata.take();
  add_report(outcome, scrape_ms, duration_s);
  return outcome;
}

ScrapeOutcome ScrapeResult::failed(std::string error, int64_t scrape_ms, double duration_s) {
  ScrapeOutcome outcome;
  outcome.error = std::move(error);
  // What the last scrape stored is no longer there, as far as anyone can tell.
  mark_stale(outcome.batch, {}, scrape_ms);
  last_series_.clear();
  add_report(outcome, scrape_ms, duration_s);
  return outcome;
}

std::vector<storage::SeriesSamples> ScrapeResult::stop(int64_t stop_ms) {
  std::vector<storage::SeriesSamples> batch;
  mark_stale(batch, {}, stop_ms);
  last_series_.clear();
  // The synthetic series end with the target too.
  ScrapeOutcome report;
  add_report(report, stop_ms, 0);
  for (storage::SeriesSamples& s : report.batch) {
    s.samples = {{stop_ms, storage::stale_nan()}};
    batch.push_back(std::move(s));
  }
  return batch;
}

void ScrapeResult::mark_stale(std::vector<storage::SeriesSamples>& batch, const std::set<storage::LabelSet>& now,
                              int64_t t) const {
  for (const storage::LabelSet& labels : last_series_) {
    if (!now.contains(labels)) batch.push_back({labels, {{t, storage::stale_nan()}}});
  }
}

void ScrapeResult::add_report(ScrapeOutcome& outcome, int64_t scrape_ms, double duration_s) const {
  auto add = [&](std::string_view name, double value) {
    storage::LabelSetBuilder labels(target_labels_);
    labels.set(storage::kMetricNameLabel, name);
    outcome.batch.push_back({labels.labels(), {{scrape_ms, value}}});
  };
  add("up", outcome.up ? 1 : 0);
  add("scrape_duration_seconds", duration_s);
  add("scrape_samples_scraped", static_cast<double>(outcome.samples_scraped));
  add("scrape_samples_post_metric_relabeling", static_cast<double>(outcome.samples_post_relabel));
  add("scrape_series_added", static_cast<double>(outcome.series_added));
}

}  // namespace vigil::ingest::scrape
