#pragma once
// Runs the scrape configs: finds each config's targets (static_configs, and
// file_sd_configs files checked for changes every second), scrapes every
// target on its interval at an offset from its hash (so that targets spread
// over the interval), and appends what each scrape yields (scrape_result.h).
// apply() swaps in new configs on reload: targets that stay keep their
// state, targets that go get staleness markers.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ingest/scrape/metric_metadata.h"
#include "ingest/scrape/scrape_config.h"
#include "ingest/scrape/target.h"
#include "storage/appender.h"

namespace vigil::ingest::scrape {

struct TargetStatus {
  std::string job;
  Target target;
  std::string health = "unknown";  // up, down or unknown (not scraped yet)
  std::string last_error;
  int64_t last_scrape_ms = 0;
  double last_scrape_duration_s = 0;
  // Of the last successful scrape; a failed scrape keeps it. Never null.
  std::shared_ptr<const MetadataList> metadata = std::make_shared<MetadataList>();
};

struct ScraperStatus {
  std::vector<TargetStatus> active;
  std::vector<std::pair<std::string, DroppedTarget>> dropped;  // job, target
  std::vector<std::string> discovery_errors;
};

class Scraper {
 public:
  Scraper(storage::Appender& appender, size_t workers = 4);
  // Stops scraping and marks every target's series stale.
  ~Scraper();
  Scraper(const Scraper&) = delete;
  Scraper& operator=(const Scraper&) = delete;

  void apply(std::vector<ScrapeConfig> configs);
  ScraperStatus status() const;

 private:
  struct State;
  struct Job;

  void run_scheduler();
  void run_worker();
  // `reloaded`: a new configuration for the target, applied first.
  void scrape(State& state, std::shared_ptr<const ScrapeConfig> reloaded);
  // Rebuilds the targets of `job` from its discovered groups, under mu_.
  void sync_targets(Job& job, std::vector<std::shared_ptr<State>>& stopped);
  bool refresh_files(Job& job);
  void stop_states(std::vector<std::shared_ptr<State>>& stopped);

  storage::Appender& appender_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable work_ready_;
  std::vector<std::unique_ptr<Job>> jobs_;
  std::vector<std::shared_ptr<State>> queue_;  // due, waiting for a worker
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread scheduler_;
};

}  // namespace vigil::ingest::scrape
