#include "alerting/dispatch/alert_order.h"

#include <algorithm>

namespace vigil::alerting {
bool labels_before(const Labels& a, const Labels& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  auto ia = a.begin(), ib = b.begin();
  while (ia != a.end() && ib != b.end()) {
    if (ia->first != ib->first) return ia->first > ib->first;  // a lacks ib's name
    if (ia->second != ib->second) return ia->second < ib->second;
    ++ia;
    ++ib;
  }
  return false;
}

bool alert_before(const Alert& a, const Alert& b) {
  for (const char* key : {"job", "instance"}) {
    auto ia = a.labels.find(key);
    auto ib = b.labels.find(key);
    const bool has_a = ia != a.labels.end(), has_b = ib != b.labels.end();
    if (!has_a && !has_b) continue;
    if (!has_a) return false;
    if (!has_b) return true;
    if (ia->second != ib->second) return ia->second < ib->second;
  }
  return labels_before(a.labels, b.labels);
}

void sort_alerts(std::vector<Alert>& alerts) { std::stable_sort(alerts.begin(), alerts.end(), alert_before); }

}  // namespace vigil::alerting
