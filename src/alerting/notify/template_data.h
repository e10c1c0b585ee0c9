#pragma once
// A notification as Alertmanager 0.25's templates see it (template.Data):
// .Receiver, .Status, .Alerts (with .Firing and .Resolved), .GroupLabels,
// .CommonLabels, .CommonAnnotations (template.KV: .SortedPairs, .Names,
// .Values, .Remove) and .ExternalURL; each alert with .Status, .Labels,
// .Annotations, .StartsAt, .EndsAt (Go times), .GeneratorURL, .Fingerprint.

#include "alerting/labels.h"
#include "alerting/notify/notification.h"
#include "template/value.h"

namespace vigil::alerting::notify {

// The template value of `notification`.
tmpl::Value template_data(const Notification& notification);

// A label set as template.KV. Its pairs sort by name with "alertname" first,
// as Alertmanager's SortedPairs orders them.
tmpl::Value template_kv(const Labels& labels);

}  // namespace vigil::alerting::notify
