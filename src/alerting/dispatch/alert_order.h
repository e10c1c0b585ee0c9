#pragma once
// The order of alerts in a notification, as Alertmanager sorts them: by the
// job label, then instance (alerts without one after those with it), then
// by their whole label sets.

#include <vector>

#include "alerting/alert.h"

namespace vigil::alerting {

bool alert_before(const Alert& a, const Alert& b);
// model.LabelSet.Before: the smaller set first; then, over the names of both
// in order, a set lacking a name the other has comes first, else the lower
// value.
bool labels_before(const Labels& a, const Labels& b);
void sort_alerts(std::vector<Alert>& alerts);

}  // namespace vigil::alerting
