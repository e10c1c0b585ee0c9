#include "alerting/alert_delivery.h"

#include <algorithm>
#include <filesystem>

namespace vigil::alerting {

AlertDelivery::AlertDelivery(AlertDeliveryOptions options, SilenceCheck silenced, log::Logger logger)
    : options_(std::move(options)), silenced_(std::move(silenced)), logger_(std::move(logger)) {}

Result<std::unique_ptr<AlertDelivery>> AlertDelivery::open(AlertDeliveryOptions options, SilenceCheck silenced,
                                                           log::Logger logger) {
  std::unique_ptr<AlertDelivery> delivery(
      new AlertDelivery(std::move(options), std::move(silenced), std::move(logger)));
  if (delivery->options_.data_dir.empty()) {
    delivery->log_ = std::make_unique<NotificationLog>();
  } else {
    const std::filesystem::path path = std::filesystem::path(delivery->options_.data_dir) / "notification.log";
    auto log = NotificationLog::open(path.string(), delivery->options_.retention);
    if (!log) return std::unexpected(log.error());
    delivery->log_ = std::move(*log);
  }
  delivery->store_.set_listener([raw = delivery.get()](const Alert& alert) {
    std::lock_guard lock(raw->mu_);
    if (raw->dispatcher_) raw->dispatcher_->add(alert);
  });
  delivery->collector_ = std::thread([raw = delivery.get()] { raw->run_collector(); });
  return delivery;
}

AlertDelivery::~AlertDelivery() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_wake_.notify_all();
  collector_.join();
  std::unique_ptr<Dispatcher> dispatcher;
  {
    std::lock_guard lock(mu_);
    dispatcher = std::move(dispatcher_);
  }
}

void AlertDelivery::apply(AlertingConfig config, ReceiverIntegrations integrations, std::string external_url) {
  auto setup = std::make_shared<AlertingSetup>();
  setup->route = Route::build(config.route);
  setup->inhibitor = Inhibitor(config.inhibit_rules);
  setup->integrations = std::move(integrations);
  setup->external_url = std::move(external_url);
  setup->config = std::move(config);
  auto dispatcher = std::make_unique<Dispatcher>(setup, store_, *log_, silenced_, logger_);
  std::unique_ptr<Dispatcher> previous;
  {
    std::lock_guard lock(mu_);
    previous = std::move(dispatcher_);
    setup_ = setup;
    dispatcher_ = std::move(dispatcher);
    for (const auto& alert : store_.list()) dispatcher_->add(alert);
  }
  // Stopped outside the lock: its flushes may be posting nothing, but they
  // read the store.
  previous.reset();
}

void AlertDelivery::prepare(Alert& alert) const {
  Duration resolve_timeout = std::chrono::minutes(5);
  if (auto current = setup()) resolve_timeout = current->config.global.resolve_timeout;
  prepare_posted_alert(alert, wall_clock_now(), resolve_timeout);
}

void AlertDelivery::put(std::vector<Alert> alerts) { store_.put(std::move(alerts), wall_clock_now()); }

void AlertDelivery::post(std::vector<Alert> alerts) {
  for (auto& alert : alerts) prepare(alert);
  put(std::move(alerts));
}

AlertStatus AlertDelivery::status(const Alert& alert, TimePoint at, const std::vector<Alert>& held) const {
  AlertStatus status;
  auto current = setup();
  if (!current) return status;
  for (const Route* route : current->route->match(alert.labels)) {
    const std::string& receiver = route->options().receiver;
    if (std::find(status.receivers.begin(), status.receivers.end(), receiver) == status.receivers.end()) {
      status.receivers.push_back(receiver);
    }
  }
  if (silenced_) status.silenced_by = silenced_(alert.labels, at);
  if (auto by = current->inhibitor.inhibited_by(alert.labels, held, at)) status.inhibited_by.push_back(*by);
  return status;
}

std::vector<GroupSnapshot> AlertDelivery::groups() const {
  std::lock_guard lock(mu_);
  return dispatcher_ ? dispatcher_->groups() : std::vector<GroupSnapshot>{};
}

std::shared_ptr<const AlertingSetup> AlertDelivery::setup() const {
  std::lock_guard lock(mu_);
  return setup_;
}

void AlertDelivery::run_collector() {
  std::unique_lock lock(mu_);
  while (!stop_wake_.wait_for(lock, options_.collect_interval, [this] { return stopping_; })) {
    lock.unlock();
    const TimePoint at = wall_clock_now();
    const size_t dropped = store_.collect_resolved(at);
    log_->collect(at);
    if (dropped > 0) logger_.debug("resolved alerts collected", {{"alerts", static_cast<long>(dropped)}});
    if (options_.after_collect) options_.after_collect();
    lock.lock();
  }
}

}  // namespace vigil::alerting
