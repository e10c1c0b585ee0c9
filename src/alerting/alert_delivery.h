#pragma once
// Vigil's Alertmanager in one object: the alerts posted (by rules or the
// v2 API), the notification log kept in the data directory, and the
// dispatcher of the configuration in force. apply() swaps in a new
// configuration: a new dispatcher takes over every held alert, and the
// notification log keeps it from repeating what was sent. Resolved alerts
// and expired log entries are collected in the background.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "alerting/dispatch/alert_store.h"
#include "alerting/dispatch/dispatcher.h"
#include "alerting/dispatch/notification_log.h"
#include "vigil/log/logger.h"

namespace vigil::alerting {

struct AlertDeliveryOptions {
  std::string data_dir;  // the notification log lives here; empty: memory only
  Duration retention = std::chrono::hours(120);
  Duration collect_interval = std::chrono::minutes(15);
  std::function<void()> after_collect;  // more collection on the same schedule (silences)
};

// An alert's place in the delivery: where it goes and what mutes it.
struct AlertStatus {
  std::vector<std::string> receivers;    // of the routes it matches, each once, in route order
  std::vector<std::string> silenced_by;  // silence ids
  std::vector<uint64_t> inhibited_by;    // fingerprints
};

class AlertDelivery {
 public:
  static Result<std::unique_ptr<AlertDelivery>> open(AlertDeliveryOptions options, SilenceCheck silenced,
                                                     log::Logger logger);
  ~AlertDelivery();
  AlertDelivery(const AlertDelivery&) = delete;
  AlertDelivery& operator=(const AlertDelivery&) = delete;

  // Builds the routes and inhibitor of `config` and notifies through
  // `integrations` from now on; `external_url` is Vigil's own, given to
  // notifications.
  void apply(AlertingConfig config, ReceiverIntegrations integrations, std::string external_url);

  // What Alertmanager's API does to a posted alert before checking it: now
  // is its update time, a missing start is its end (or now), and a missing
  // end is now + resolve_timeout, which a later post overrides.
  void prepare(Alert& alert) const;
  // Stores prepared alerts.
  void put(std::vector<Alert> alerts);
  // prepare() and put(): alerts from rules.
  void post(std::vector<Alert> alerts);

  std::vector<Alert> alerts() const { return store_.list(); }
  // `held` is alerts() taken once for a whole listing: inhibition looks
  // at every held alert.
  AlertStatus status(const Alert& alert, TimePoint now, const std::vector<Alert>& held) const;
  std::vector<GroupSnapshot> groups() const;
  std::shared_ptr<const AlertingSetup> setup() const;

 private:
  AlertDelivery(AlertDeliveryOptions options, SilenceCheck silenced, log::Logger logger);
  void run_collector();

  AlertDeliveryOptions options_;
  SilenceCheck silenced_;
  log::Logger logger_;
  AlertStore store_;
  std::unique_ptr<NotificationLog> log_;

  mutable std::mutex mu_;
  std::shared_ptr<const AlertingSetup> setup_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::condition_variable stop_wake_;
  bool stopping_ = false;
  std::thread collector_;
};

}  // namespace vigil::alerting
