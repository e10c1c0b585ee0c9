#pragma once
// Runs the loaded rule groups, each on its interval at a fixed phase (from
// a hash of its file and name, so that groups spread over the interval),
// on a few worker threads; a group still running when it is due again
// skips that evaluation. load() swaps in new rule files: groups that stay
// (same file and name) keep their alerts, groups that go write staleness
// markers, and a file that fails to load keeps the running groups.
// On a server start, alerting rules restore their `for` state after their
// group's second evaluation, as Prometheus does.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "rules/rule_group_evaluator.h"

namespace vigil::rules {

struct RuleSchedulerOptions {
  GroupSettings defaults;  // interval, query offset and resend delay of groups without their own
  ForStateRestore restore;
  storage::LabelSet external_labels;
  std::string external_url;
  unsigned workers = 2;
};

class RuleScheduler {
 public:
  // `sink` may be null: alerts are then only kept and written as ALERTS.
  RuleScheduler(const promql::Engine& engine, const promql::Queryable& data, storage::Appender& appender,
                AlertSink* sink, RuleSchedulerOptions options, log::Logger logger);
  // Stops the workers and marks every group's series stale.
  ~RuleScheduler();
  RuleScheduler(const RuleScheduler&) = delete;
  RuleScheduler& operator=(const RuleScheduler&) = delete;

  // Reads the rule files `patterns` name (paths or globs) and runs their
  // groups instead of the current ones. On an error nothing changes: the
  // error lists every problem of every file.
  Result<void> load(const std::vector<std::string>& patterns);

  // The running groups, in file order then their order in the file.
  std::vector<std::shared_ptr<const RuleGroupEvaluator>> groups() const;

 private:
  struct Entry {
    std::shared_ptr<RuleGroupEvaluator> group;
    int64_t next_ms = 0;
    int evaluations = 0;   // since the server started, for the restore
    bool restore = false;  // restore `for` state after the second evaluation
    bool running = false;
  };

  void run_scheduler();
  void run_worker();
  void evaluate(Entry& entry, int64_t time_ms);

  const promql::Engine& engine_;
  const promql::Queryable& data_;
  storage::Appender& appender_;
  AlertSink* sink_;
  RuleSchedulerOptions options_;
  log::Logger logger_;
  std::stop_source stop_;

  mutable std::mutex mu_;
  std::condition_variable wake_;        // the scheduler: entries changed or stopping
  std::condition_variable work_ready_;  // the workers: queue_ has work
  std::condition_variable idle_;        // load(): no entry is running
  std::vector<std::shared_ptr<Entry>> entries_;
  std::vector<std::pair<std::shared_ptr<Entry>, int64_t>> queue_;  // due entries and their evaluation times
  bool loaded_once_ = false;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  std::thread scheduler_;
};

// Reads and checks the rule files `patterns` name (paths or globs), as
// `load` and `vigil check rules` do; a pattern that matches nothing is not
// an error (as in Prometheus).
Result<std::vector<RuleFile>> load_rule_files(const std::vector<std::string>& patterns);

}  // namespace vigil::rules
