#pragma once
// Alertmanager's dispatcher: each alert goes to the routes it matches and,
// in each, to the aggregation group of its group labels. A new group waits
// group_wait before its first notification (none when its alerts started
// longer ago than that), then is flushed every group_interval; a flush sends
// the group's alerts through the notify stages to the route's receiver, and
// forgets resolved alerts once they are notified. Groups are flushed on a
// few threads per receiver, so a receiver that hangs delays only itself.
//
// Vigil's extension, `escalate: {after, receiver}` on a route: alerts of a
// group firing for `after` are also notified to the second receiver, at
// that moment and then with the group's flushes.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "alerting/config.h"
#include "alerting/dispatch/alert_store.h"
#include "alerting/dispatch/integration.h"
#include "alerting/dispatch/notification_log.h"
#include "alerting/dispatch/notify_stages.h"
#include "alerting/inhibit.h"
#include "alerting/route.h"
#include "vigil/log/logger.h"

namespace vigil::alerting {

// What one load of a configuration builds.
struct AlertingSetup {
  AlertingConfig config;
  std::unique_ptr<Route> route;
  Inhibitor inhibitor{{}};
  ReceiverIntegrations integrations;
  std::string external_url;  // of notifications: Vigil's own URL
};

struct GroupSnapshot {
  std::string receiver;
  std::string group_key;
  Labels labels;
  std::vector<Alert> alerts;
};

class Dispatcher {
 public:
  Dispatcher(std::shared_ptr<const AlertingSetup> setup, AlertStore& store, NotificationLog& log, SilenceCheck silenced,
             log::Logger logger);
  // Stops: flushes in progress are asked to stop and waited for.
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // An alert the store holds now (new or updated).
  void add(const Alert& alert);

  std::vector<GroupSnapshot> groups() const;

 private:
  struct Group;
  class ReceiverWorkers;

  void run_scheduler();
  void flush(Group& group, TimePoint now, bool escalation_only);
  void escalate(Group& group, const std::vector<Alert>& alerts, TimePoint now, TimePoint deadline);
  StageContext stage_context() const;

  std::shared_ptr<const AlertingSetup> setup_;
  AlertStore& store_;
  NotificationLog& log_;
  SilenceCheck silenced_;
  log::Logger logger_;
  std::stop_source stop_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::map<std::pair<const Route*, std::string>, std::shared_ptr<Group>> groups_;
  std::map<std::string, std::unique_ptr<ReceiverWorkers>> workers_;
  bool stopping_ = false;
  std::thread scheduler_;
};

}  // namespace vigil::alerting
