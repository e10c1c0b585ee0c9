#include "alerting/inhibit.h"

namespace vigil::alerting {

std::optional<uint64_t> Inhibitor::inhibited_by(const Labels& labels, const std::vector<Alert>& alerts,
                                                TimePoint now) const {
  for (const auto& rule : rules_) {
    if (!matches_all(rule.target_matchers, labels)) continue;
    const bool target_is_also_source = matches_all(rule.source_matchers, labels);
    for (const auto& source : alerts) {
      if (source.resolved_at(now) || !matches_all(rule.source_matchers, source.labels)) continue;
      bool equal = true;
      for (const auto& name : rule.equal)
        equal = equal && label_value(source.labels, name) == label_value(labels, name);
      if (!equal) continue;
      if (target_is_also_source && matches_all(rule.target_matchers, source.labels)) continue;
      return source.fingerprint();
    }
  }
  return std::nullopt;
}

}  // namespace vigil::alerting
