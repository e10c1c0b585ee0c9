#pragma once
// What one scrape of one target adds to storage, as Prometheus's scrape
// loop decides it: the body's samples with the target's labels merged in
// (honor_labels, or exported_ prefixes for conflicts), metric_relabel_configs
// applied, limits enforced, staleness markers for series that disappeared
// since the previous scrape, and the synthetic series (up,
// scrape_duration_seconds, scrape_samples_scraped,
// scrape_samples_post_metric_relabeling, scrape_series_added).
//
// Transport-free: the loop fetches the body and hands it here with the
// scrape's time and outcome, so everything it stores is testable without
// HTTP.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/exposition/text_parser.h"
#include "ingest/scrape/metric_metadata.h"
#include "ingest/scrape/scrape_config.h"
#include "storage/appender.h"
#include "storage/labels/label_set.h"

namespace vigil::ingest::scrape {

struct ScrapeOutcome {
  std::vector<storage::SeriesSamples> batch;  // for Appender::append
  bool up = false;
  std::string error;              // why the scrape failed, for /api/v1/targets
  uint64_t samples_scraped = 0;   // in the body, before metric relabeling
  uint64_t samples_post_relabel = 0;
  uint64_t series_added = 0;      // not seen in the previous successful scrape
  // The families' TYPE/HELP/UNIT of a successful scrape; null for a failed one.
  std::shared_ptr<const MetadataList> metadata;
};

// One per target: remembers the series of the last scrape, for staleness
// markers and scrape_series_added.
class ScrapeResult {
 public:
  ScrapeResult(std::shared_ptr<const ScrapeConfig> config, storage::LabelSet target_labels)
      : config_(std::move(config)), target_labels_(std::move(target_labels)) {}
  // A reloaded configuration for the same target: what the last scrape
  // stored is still remembered, so no series goes stale only for the reload.
  void reconfigure(std::shared_ptr<const ScrapeConfig> config) { config_ = std::move(config); }

  // A fetched body: parsed (in `format`), merged and checked. A parse error
  // or a broken limit fails the whole scrape: no sample of it is stored, up
  // is 0, and the previous scrape's series go stale.
  ScrapeOutcome body(std::string_view body, exposition::Format format, int64_t scrape_ms, double duration_s);
  // A scrape that did not get a body (connection refused, timeout, HTTP status).
  ScrapeOutcome failed(std::string error, int64_t scrape_ms, double duration_s);
  // The target is gone: staleness markers for every series of its last scrape.
  std::vector<storage::SeriesSamples> stop(int64_t stop_ms);

 private:
  void add_report(ScrapeOutcome& outcome, int64_t scrape_ms, double duration_s) const;
  void mark_stale(std::vector<storage::SeriesSamples>& batch, const std::set<storage::LabelSet>& now, int64_t t) const;

  std::shared_ptr<const ScrapeConfig> config_;
  storage::LabelSet target_labels_;
  std::set<storage::LabelSet> last_series_;  // of the last scrape that stored samples
  exposition::TextParser parser_;
};

// A sample's labels with the target's merged in, as Prometheus does: with
// honor_labels the sample's own win; without, the target's win and a
// clashing sample label is kept as exported_<name> (more exported_ prefixes
// until the name is free).
storage::LabelSet merge_target_labels(const storage::LabelSet& sample, const storage::LabelSet& target,
                                      bool honor_labels);

}  // namespace vigil::ingest::scrape
