#include "alerting/dispatch/alert_store.h"

namespace vigil::alerting {

void prepare_posted_alert(Alert& alert, TimePoint now, Duration resolve_timeout) {
  alert.updated_at = now;
  if (alert.starts_at == TimePoint{}) alert.starts_at = alert.ends_at == TimePoint{} ? now : alert.ends_at;
  if (alert.ends_at == TimePoint{}) {
    alert.timeout = true;
    alert.ends_at = now + resolve_timeout;
  }
}

void AlertStore::put(std::vector<Alert> alerts, TimePoint now) {
  std::vector<Alert> stored;
  stored.reserve(alerts.size());
  {
    std::lock_guard lock(mu_);
    for (auto& alert : alerts) {
      const uint64_t fp = alert.fingerprint();
      auto it = alerts_.find(fp);
      if (it != alerts_.end()) {
        const Alert& old = it->second;
        // Only overlapping activity is the same occurrence of the alert.
        const bool overlaps = (alert.ends_at > old.starts_at && alert.ends_at < old.ends_at) ||
                              (alert.starts_at > old.starts_at && alert.starts_at < old.ends_at);
        if (overlaps) alert = merge(old, alert, now);
        it->second = alert;
      } else {
        alerts_.emplace(fp, alert);
      }
      stored.push_back(std::move(alert));
    }
  }
  if (listener_) {
    for (const auto& alert : stored) listener_(alert);
  }
}

std::vector<Alert> AlertStore::list() const {
  std::lock_guard lock(mu_);
  std::vector<Alert> out;
  out.reserve(alerts_.size());
  for (const auto& [fp, alert] : alerts_) out.push_back(alert);
  return out;
}

std::optional<Alert> AlertStore::get(uint64_t fingerprint) const {
  std::lock_guard lock(mu_);
  auto it = alerts_.find(fingerprint);
  if (it == alerts_.end()) return std::nullopt;
  return it->second;
}

size_t AlertStore::collect_resolved(TimePoint now) {
  std::lock_guard lock(mu_);
  return std::erase_if(alerts_, [now](const auto& entry) { return entry.second.resolved_at(now); });
}

void AlertStore::set_listener(Listener listener) {
  std::lock_guard lock(mu_);
  listener_ = std::move(listener);
}

}  // namespace vigil::alerting
