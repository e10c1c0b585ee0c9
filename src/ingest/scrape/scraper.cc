#include "ingest/scrape/scraper.h"

#include <algorithm>
#include <filesystem>

#include <fmt/core.h>

#include "ingest/scrape/file_discovery.h"
#include "ingest/scrape/http_fetch.h"
#include "ingest/scrape/scrape_result.h"
#include "vigil/exposition/format.h"

namespace vigil::ingest::scrape {
namespace {

using Clock = std::chrono::system_clock;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// The first scrape time at or after `now` that is `hash` into the interval:
// each target keeps one phase, and targets spread over the interval.
int64_t first_scrape_ms(int64_t now, const Target& target) {
  const int64_t interval = target.interval.count();
  const int64_t phase = static_cast<int64_t>(target.hash % static_cast<uint64_t>(interval));
  int64_t next = now - now % interval + phase;
  if (next < now) next += interval;
  return next;
}

constexpr auto kFileCheckInterval = std::chrono::seconds(1);

}  // namespace

struct Scraper::State {
  State(std::shared_ptr<const ScrapeConfig> config_, Target target_)
      : config(config_), target(std::move(target_)), result(config_, target.labels) {
    status.job = config->job_name;
    status.target = target;
  }
  std::shared_ptr<const ScrapeConfig> config;  // under mu
  const Target target;
  std::mutex mu;  // held through a scrape, which may take up to its timeout
  ScrapeResult result;
  bool stopped = false;  // under mu: removed, nothing more is appended
  // Apart, so that reading it never waits for a scrape.
  mutable std::mutex status_mu;
  TargetStatus status;
  // Under Scraper::mu_:
  int64_t next_ms = 0;
  bool queued = false;
  std::shared_ptr<const ScrapeConfig> pending_config;  // a reload's, taken up by the next scrape
};

struct Scraper::Job {
  std::shared_ptr<const ScrapeConfig> config;
  // file_sd files: when each was read and what it held (kept through a bad edit).
  std::map<std::string, std::pair<std::filesystem::file_time_type, std::vector<TargetGroup>>> files;
  std::vector<std::string> file_errors;
  std::map<std::string, std::shared_ptr<State>> states;  // by labels and URL
  std::vector<DroppedTarget> dropped;
  std::vector<std::string> build_errors;
  std::chrono::steady_clock::time_point files_checked{};
};

Scraper::Scraper(storage::Appender& appender, size_t workers) : appender_(appender) {
  for (size_t i = 0; i < std::max<size_t>(workers, 1); ++i) workers_.emplace_back([this] { run_worker(); });
  scheduler_ = std::thread([this] { run_scheduler(); });
}

Scraper::~Scraper() {
  std::vector<std::shared_ptr<State>> stopped;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& job : jobs_) {
      for (auto& [key, state] : job->states) stopped.push_back(state);
    }
    jobs_.clear();
  }
  wake_.notify_all();
  work_ready_.notify_all();
  scheduler_.join();
  for (auto& worker : workers_) worker.join();
  stop_states(stopped);
}

void Scraper::apply(std::vector<ScrapeConfig> configs) {
  std::vector<std::shared_ptr<State>> stopped;
  {
    std::lock_guard lock(mu_);
    std::vector<std::unique_ptr<Job>> jobs;
    for (ScrapeConfig& config : configs) {
      auto job = std::make_unique<Job>();
      job->config = std::make_shared<const ScrapeConfig>(std::move(config));
      // Targets of a job that stays keep their state (and their series stay fresh).
      for (auto& old : jobs_) {
        if (old && old->config->job_name == job->config->job_name) {
          job->states = std::move(old->states);
          old.reset();
          break;
        }
      }
      refresh_files(*job);
      sync_targets(*job, stopped);
      jobs.push_back(std::move(job));
    }
    for (auto& old : jobs_) {
      if (!old) continue;
      for (auto& [key, state] : old->states) stopped.push_back(state);
    }
    jobs_ = std::move(jobs);
  }
  wake_.notify_all();
  stop_states(stopped);
}

bool Scraper::refresh_files(Job& job) {
  job.files_checked = std::chrono::steady_clock::now();
  std::vector<std::string> patterns;
  for (const FileSdConfig& sd : job.config->file_sd_configs) patterns.insert(patterns.end(), sd.files.begin(), sd.files.end());
  if (patterns.empty()) return false;
  bool changed = false;
  std::map<std::string, std::pair<std::filesystem::file_time_type, std::vector<TargetGroup>>> files;
  std::vector<std::string> errors;
  for (const std::string& path : expand_file_patterns(patterns)) {
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(path, ec);
    auto known = job.files.find(path);
    if (known != job.files.end() && !ec && known->second.first == mtime) {
      files[path] = std::move(known->second);
      continue;
    }
    changed = true;
    auto groups = read_target_file(path);
    if (!groups) {
      errors.push_back(groups.error().message);
      // A file being edited keeps its last good targets, as in Prometheus.
      if (known != job.files.end()) files[path] = std::move(known->second);
      continue;
    }
    files[path] = {mtime, std::move(*groups)};
  }
  if (files.size() != job.files.size()) changed = true;
  job.files = std::move(files);
  job.file_errors = std::move(errors);
  return changed;
}

void Scraper::sync_targets(Job& job, std::vector<std::shared_ptr<State>>& stopped) {
  std::vector<TargetGroup> groups;
  for (size_t i = 0; i < job.config->static_configs.size(); ++i) {
    const StaticConfig& group = job.config->static_configs[i];
    groups.push_back({group.targets, group.labels, fmt::format("static_configs[{}]", i)});
  }
  for (const auto& [path, file] : job.files) groups.insert(groups.end(), file.second.begin(), file.second.end());
  BuiltTargets built = build_targets(*job.config, groups);
  std::map<std::string, std::shared_ptr<State>> states;
  const int64_t now = now_ms();
  for (Target& target : built.active) {
    std::string key = target.labels.to_string() + " " + target.url();
    auto existing = job.states.find(key);
    if (existing != job.states.end()) {
      existing->second->pending_config = job.config;
      states[key] = std::move(existing->second);
      job.states.erase(existing);
      continue;
    }
    auto state = std::make_shared<State>(job.config, std::move(target));
    state->next_ms = first_scrape_ms(now, state->target);
    states[key] = std::move(state);
  }
  for (auto& [key, state] : job.states) stopped.push_back(state);
  job.states = std::move(states);
  job.dropped = std::move(built.dropped);
  job.build_errors = std::move(built.errors);
}

void Scraper::stop_states(std::vector<std::shared_ptr<State>>& stopped) {
  const int64_t now = now_ms();
  for (auto& state : stopped) {
    std::lock_guard lock(state->mu);
    if (state->stopped) continue;
    state->stopped = true;
    auto batch = state->result.stop(now);
    if (!batch.empty()) (void)appender_.append(batch);
  }
}

void Scraper::run_scheduler() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const int64_t now = now_ms();
    int64_t earliest = now + std::chrono::duration_cast<std::chrono::milliseconds>(kFileCheckInterval).count();
    std::vector<std::shared_ptr<State>> stopped;
    for (auto& job : jobs_) {
      if (std::chrono::steady_clock::now() - job->files_checked >= kFileCheckInterval && refresh_files(*job)) {
        sync_targets(*job, stopped);
      }
      for (auto& [key, state] : job->states) {
        if (!state->queued && state->next_ms <= now) {
          state->queued = true;
          queue_.push_back(state);
        } else if (!state->queued) {
          earliest = std::min(earliest, state->next_ms);
        }
      }
    }
    if (!queue_.empty()) work_ready_.notify_all();
    if (!stopped.empty()) {
      lock.unlock();
      stop_states(stopped);
      lock.lock();
      continue;
    }
    wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(earliest - now, 1)));
  }
}

void Scraper::run_worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    std::shared_ptr<State> state = std::move(queue_.front());
    queue_.erase(queue_.begin());
    std::shared_ptr<const ScrapeConfig> reloaded = std::move(state->pending_config);
    lock.unlock();
    scrape(*state, std::move(reloaded));
    lock.lock();
    state->queued = false;
    const int64_t now = now_ms();
    const int64_t interval = state->target.interval.count();
    // The next slot in phase; slots a slow scrape overran are skipped.
    while (state->next_ms <= now) state->next_ms += interval;
    wake_.notify_all();
  }
}

void Scraper::scrape(State& state, std::shared_ptr<const ScrapeConfig> reloaded) {
  std::lock_guard lock(state.mu);
  if (state.stopped) return;
  if (reloaded) {
    state.config = reloaded;
    state.result.reconfigure(std::move(reloaded));
  }
  const int64_t start_ms = now_ms();
  const auto start = std::chrono::steady_clock::now();
  auto fetched = fetch_target(state.target, *state.config);
  const double duration = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ScrapeOutcome outcome =
      fetched ? state.result.body(fetched->body, vigil::exposition::format_of_content_type(fetched->content_type), start_ms,
                                  duration)
              : state.result.failed(fetched.error().message, start_ms, duration);
  auto appended = appender_.append(outcome.batch);
  std::lock_guard status_lock(state.status_mu);
  state.status.health = outcome.up ? "up" : "down";
  state.status.last_error = outcome.error;
  if (!appended) state.status.last_error = "storing the scrape: " + appended.error().message;
  state.status.last_scrape_ms = start_ms;
  state.status.last_scrape_duration_s = duration;
  if (outcome.metadata) state.status.metadata = std::move(outcome.metadata);
}

ScraperStatus Scraper::status() const {
  ScraperStatus out;
  std::lock_guard lock(mu_);
  for (const auto& job : jobs_) {
    for (const auto& [key, state] : job->states) {
      std::lock_guard status_lock(state->status_mu);
      out.active.push_back(state->status);
    }
    for (const DroppedTarget& dropped : job->dropped) out.dropped.emplace_back(job->config->job_name, dropped);
    out.discovery_errors.insert(out.discovery_errors.end(), job->file_errors.begin(), job->file_errors.end());
    out.discovery_errors.insert(out.discovery_errors.end(), job->build_errors.begin(), job->build_errors.end());
  }
  return out;
}

}  // namespace vigil::ingest::scrape
