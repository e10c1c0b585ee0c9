#include "rules/rule_scheduler.h"

#include <glob.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

namespace vigil::rules {
namespace {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The first evaluation time after `after_ms` in the group's phase: times are
// `phase + k * interval`, so a group keeps its rhythm across reloads.
int64_t next_time(const RuleGroupEvaluator& group, int64_t after_ms) {
  const int64_t interval = std::max<int64_t>(group.settings().interval_ms, 1);
  const auto phase = static_cast<int64_t>(std::hash<std::string>{}(group.file() + '\xff' + group.name()) %
                                          static_cast<uint64_t>(interval));
  int64_t base = after_ms - phase;
  base -= ((base % interval) + interval) % interval;
  return base + phase + interval;
}

std::vector<std::string> expand(const std::string& pattern) {
  glob_t matches{};
  std::vector<std::string> paths;
  if (glob(pattern.c_str(), 0, nullptr, &matches) == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
  }
  globfree(&matches);
  return paths;  // glob sorts its matches
}

}  // namespace

Result<std::vector<RuleFile>> load_rule_files(const std::vector<std::string>& patterns) {
  std::vector<RuleFile> files;
  std::string problems;
  for (const auto& pattern : patterns) {
    for (const auto& path : expand(pattern)) {
      if (std::any_of(files.begin(), files.end(), [&](const RuleFile& f) { return f.path == path; })) continue;
      auto file = load_rule_file(path);
      if (!file) {
        if (!problems.empty()) problems += '\n';
        problems += file.error().message;
        continue;
      }
      files.push_back(std::move(*file));
    }
  }
  if (!problems.empty()) return std::unexpected(make_error(ErrorKind::invalid_config, problems));
  return files;
}

RuleScheduler::RuleScheduler(const promql::Engine& engine, const promql::Queryable& data, storage::Appender& appender,
                             AlertSink* sink, RuleSchedulerOptions options, log::Logger logger)
    : engine_(engine),
      data_(data),
      appender_(appender),
      sink_(sink),
      options_(std::move(options)),
      logger_(std::move(logger)) {
  for (unsigned i = 0; i < std::max(1U, options_.workers); ++i) workers_.emplace_back([this] { run_worker(); });
  scheduler_ = std::thread([this] { run_scheduler(); });
}

RuleScheduler::~RuleScheduler() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_.request_stop();
  wake_.notify_all();
  work_ready_.notify_all();
  scheduler_.join();
  for (auto& worker : workers_) worker.join();
  const int64_t now = now_ms();
  for (auto& entry : entries_) entry->group->mark_stale(now, appender_, logger_);
}

Result<void> RuleScheduler::load(const std::vector<std::string>& patterns) {
  auto files = load_rule_files(patterns);
  if (!files) return std::unexpected(files.error());

  std::unique_lock lock(mu_);
  const bool restored = loaded_once_;
  std::vector<std::shared_ptr<Entry>> entries;
  for (const auto& file : *files) {
    for (const auto& group : file.groups) {
      auto evaluator = RuleGroupEvaluator::create(file.path, group, options_.defaults, restored);
      if (!evaluator) {
        return std::unexpected(make_error(ErrorKind::invalid_config,
                                          file.path + ": group \"" + group.name + "\": " + evaluator.error().message));
      }
      auto entry = std::make_shared<Entry>();
      entry->group = std::move(*evaluator);
      entry->restore = !restored;
      entries.push_back(std::move(entry));
    }
  }
  // A group being evaluated finishes before its state moves over.
  for (auto& [entry, time_ms] : queue_) entry->running = false;
  queue_.clear();
  idle_.wait(lock,
             [this] { return std::none_of(entries_.begin(), entries_.end(), [](auto& e) { return e->running; }); });
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Entry>> previous;
  for (auto& entry : entries_) previous[{entry->group->file(), entry->group->name()}] = entry;
  const int64_t now = now_ms();
  for (auto& entry : entries) {
    auto it = previous.find({entry->group->file(), entry->group->name()});
    if (it != previous.end()) {
      entry->group->adopt_state(*it->second->group);
      entry->evaluations = it->second->evaluations;
      entry->restore = it->second->restore;
      previous.erase(it);
    }
    entry->next_ms = next_time(*entry->group, now);
  }
  for (auto& [key, gone] : previous) gone->group->mark_stale(now, appender_, logger_);
  entries_ = std::move(entries);
  loaded_once_ = true;
  lock.unlock();
  wake_.notify_all();
  // Reading large rule files leaves megabytes of freed YAML nodes that the
  // allocator would otherwise keep.
  malloc_trim(0);
  return {};
}

std::vector<std::shared_ptr<const RuleGroupEvaluator>> RuleScheduler::groups() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<const RuleGroupEvaluator>> groups;
  groups.reserve(entries_.size());
  for (const auto& entry : entries_) groups.push_back(entry->group);
  return groups;
}

void RuleScheduler::run_scheduler() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    int64_t now = now_ms();
    int64_t next = now + 60'000;
    for (auto& entry : entries_) {
      if (entry->next_ms <= now) {
        const int64_t due = entry->next_ms;
        // Evaluations missed (the group was busy or the machine asleep) are
        // skipped, not caught up.
        entry->next_ms = next_time(*entry->group, now);
        if (!entry->running) {
          entry->running = true;
          queue_.emplace_back(entry, due);
          work_ready_.notify_one();
        } else {
          logger_.warn("rule group evaluation skipped: the previous one is still running",
                       {{"group", entry->group->name()}, {"file", entry->group->file()}});
        }
      }
      next = std::min(next, entry->next_ms);
    }
    wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(next - now_ms(), 1)));
  }
}

void RuleScheduler::run_worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    auto [entry, time_ms] = std::move(queue_.front());
    queue_.erase(queue_.begin());
    lock.unlock();
    evaluate(*entry, time_ms);
    lock.lock();
    entry->running = false;
    idle_.notify_all();
  }
}

void RuleScheduler::evaluate(Entry& entry, int64_t time_ms) {
  EvaluationContext context{.engine = engine_,
                            .data = data_,
                            .external_labels = options_.external_labels,
                            .external_url = options_.external_url,
                            .stop = stop_.get_token()};
  entry.group->evaluate(context, time_ms, appender_, sink_, logger_);
  ++entry.evaluations;
  // Prometheus restores after the second evaluation, so that recording
  // rules the alerts depend on have run first.
  if (entry.restore && entry.evaluations >= 2) {
    entry.group->restore_for_state(data_, now_ms(), options_.restore);
    entry.restore = false;
  }
}

}  // namespace vigil::rules
