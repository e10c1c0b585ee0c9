#include "alerting/dispatch/dispatcher.h"

#include <algorithm>
#include <deque>
#include <functional>

#include "alerting/dispatch/alert_order.h"

namespace vigil::alerting {
namespace {

constexpr TimePoint kNever = TimePoint::max();
// Alertmanager gives a flush's notifications until the next flush, and at
// least this long.
constexpr Duration kMinNotifyTimeout = std::chrono::seconds(10);
// Empty groups are dropped this often.
constexpr Duration kMaintenanceInterval = std::chrono::seconds(30);
constexpr size_t kThreadsPerReceiver = 2;

}  // namespace

struct Dispatcher::Group {
  const Route* route = nullptr;
  std::string key;
  Labels labels;
  std::map<uint64_t, Alert> alerts;  // guarded by the dispatcher's mu_
  TimePoint next_flush = kNever;
  TimePoint next_escalation = kNever;
  bool has_flushed = false;
  bool running = false;
};

// A few threads that run one receiver's flushes in turn.
class Dispatcher::ReceiverWorkers {
 public:
  explicit ReceiverWorkers(size_t threads) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
  }
  ~ReceiverWorkers() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void submit(std::function<void()> job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_ && jobs_.empty()) return;
      auto job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

Dispatcher::Dispatcher(std::shared_ptr<const AlertingSetup> setup, AlertStore& store, NotificationLog& log,
                       SilenceCheck silenced, log::Logger logger)
    : setup_(std::move(setup)), store_(store), log_(log), silenced_(std::move(silenced)), logger_(std::move(logger)) {
  scheduler_ = std::thread([this] { run_scheduler(); });
}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_.request_stop();
  wake_.notify_all();
  scheduler_.join();
  // Workers finish the flushes they hold (which see the stop) and end.
  workers_.clear();
}

StageContext Dispatcher::stage_context() const {
  return StageContext{.config = setup_->config,
                      .inhibitor = setup_->inhibitor,
                      .current_alerts = [this] { return store_.list(); },
                      .silenced = silenced_,
                      .log = log_,
                      .logger = logger_};
}

void Dispatcher::add(const Alert& alert) {
  const TimePoint at = wall_clock_now();
  const std::vector<const Route*> routes = setup_->route->match(alert.labels);
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    for (const Route* route : routes) {
      const RouteOptions& options = route->options();
      std::string key = route->group_key(alert.labels);
      auto& slot = groups_[{route, key}];
      if (!slot) {
        slot = std::make_shared<Group>();
        slot->route = route;
        slot->key = std::move(key);
        slot->labels = route->group_labels(alert.labels);
        slot->next_flush = at + options.group_wait;
        wake = true;
      }
      Group& group = *slot;
      group.alerts[alert.fingerprint()] = alert;
      // An alert that started more than group_wait ago is not held back.
      if (!group.has_flushed && alert.starts_at + options.group_wait < at) {
        group.next_flush = at;
        wake = true;
      }
      if (options.escalate && !alert.resolved_at(at)) {
        const TimePoint due = std::max(alert.starts_at + options.escalate->after, at);
        if (due < group.next_escalation) {
          group.next_escalation = due;
          wake = true;
        }
      }
    }
  }
  if (wake) wake_.notify_all();
}

std::vector<GroupSnapshot> Dispatcher::groups() const {
  std::lock_guard lock(mu_);
  std::vector<GroupSnapshot> out;
  for (const auto& [id, group] : groups_) {
    if (group->alerts.empty()) continue;
    GroupSnapshot snapshot{group->route->options().receiver, group->key, group->labels, {}};
    for (const auto& [fp, alert] : group->alerts) snapshot.alerts.push_back(alert);
    out.push_back(std::move(snapshot));
  }
  return out;
}

void Dispatcher::run_scheduler() {
  std::unique_lock lock(mu_);
  TimePoint next_maintenance = wall_clock_now() + kMaintenanceInterval;
  while (!stopping_) {
    const TimePoint at = wall_clock_now();
    TimePoint next = next_maintenance;
    if (at >= next_maintenance) {
      std::erase_if(groups_, [](const auto& entry) { return entry.second->alerts.empty() && !entry.second->running; });
      next_maintenance = at + kMaintenanceInterval;
    }
    for (auto& [id, slot] : groups_) {
      Group& group = *slot;
      if (!group.running) {
        const bool flush_due = group.next_flush <= at;
        const bool escalation_due = group.next_escalation <= at;
        if (flush_due || escalation_due) {
          group.running = true;
          if (flush_due) {
            group.has_flushed = true;
            group.next_flush = at + group.route->options().group_interval;
          }
          const std::string& receiver = group.route->options().receiver;
          auto& workers = workers_[receiver];
          if (!workers) workers = std::make_unique<ReceiverWorkers>(kThreadsPerReceiver);
          workers->submit([this, slot = slot, at, escalation_only = !flush_due] {
            flush(*slot, at, escalation_only);
            {
              std::lock_guard done(mu_);
              slot->running = false;
            }
            wake_.notify_all();
          });
        }
      }
      next = std::min({next, group.next_flush, group.next_escalation});
    }
    wake_.wait_until(lock, next);
  }
}

void Dispatcher::flush(Group& group, TimePoint at, bool escalation_only) {
  const RouteOptions& options = group.route->options();
  std::vector<Alert> alerts;
  {
    std::lock_guard lock(mu_);
    alerts.reserve(group.alerts.size());
    for (const auto& [fp, alert] : group.alerts) alerts.push_back(alert);
  }
  if (alerts.empty()) return;
  // An alert not resolved by now reads as firing, whatever its end says.
  for (auto& alert : alerts) {
    if (!alert.resolved_at(at)) alert.ends_at = TimePoint{};
  }
  sort_alerts(alerts);
  const TimePoint deadline = at + std::max(options.group_interval, kMinNotifyTimeout);
  if (!escalation_only) {
    const StageContext context = stage_context();
    std::vector<Alert> unmuted = unmuted_alerts(context, options, alerts, at);
    bool notified = true;
    if (!unmuted.empty()) {
      auto integrations = setup_->integrations.find(options.receiver);
      if (integrations != setup_->integrations.end()) {
        notified = notify_integrations(context, integrations->second,
                                       GroupAlerts{options.receiver, group.key, group.labels, std::move(unmuted), at},
                                       setup_->external_url, options.repeat_interval, deadline, stop_.get_token());
      }
    }
    if (notified) {
      // Resolved alerts are forgotten once notified, unless re-posted since.
      std::lock_guard lock(mu_);
      for (const auto& alert : alerts) {
        if (!alert.resolved_at(at)) continue;
        auto it = group.alerts.find(alert.fingerprint());
        if (it != group.alerts.end() && it->second.updated_at == alert.updated_at) group.alerts.erase(it);
      }
    }
  }
  if (options.escalate) escalate(group, alerts, at, deadline);
}

void Dispatcher::escalate(Group& group, const std::vector<Alert>& alerts, TimePoint at, TimePoint deadline) {
  const RouteOptions& options = group.route->options();
  const Escalation& escalation = *options.escalate;
  std::vector<Alert> escalated;
  TimePoint next = kNever;
  for (const auto& alert : alerts) {
    const TimePoint due = alert.starts_at + escalation.after;
    const bool resolved = alert.resolved_at(at);
    // A resolved alert is notified as resolved if it had been escalated.
    if (resolved ? alert.ends_at >= due : due <= at) {
      escalated.push_back(alert);
    } else if (!resolved) {
      next = std::min(next, due);
    }
  }
  {
    std::lock_guard lock(mu_);
    group.next_escalation = next;
  }
  if (escalated.empty()) return;
  const StageContext context = stage_context();
  std::vector<Alert> unmuted = unmuted_alerts(context, options, std::move(escalated), at);
  auto integrations = setup_->integrations.find(escalation.receiver);
  if (unmuted.empty() || integrations == setup_->integrations.end()) return;
  notify_integrations(context, integrations->second,
                      GroupAlerts{escalation.receiver, group.key, group.labels, std::move(unmuted), at},
                      setup_->external_url, options.repeat_interval, deadline, stop_.get_token());
}

}  // namespace vigil::alerting
