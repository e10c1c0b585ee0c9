#pragma once
// What every rule evaluation reads from: the PromQL engine over storage,
// and what templates may refer to besides the alert itself.

#include <stop_token>
#include <string>

#include "promql/engine/engine.h"
#include "storage/labels/label_set.h"

namespace vigil::rules {

struct EvaluationContext {
  const promql::Engine& engine;
  const promql::Queryable& data;
  storage::LabelSet external_labels;  // $externalLabels in templates, and added to alerts sent out
  std::string external_url;           // $externalURL, and the base of an alert's generator URL
  std::stop_token stop;               // set on shutdown: a running query is canceled
};

// The vector a rule's expression yields at `time_ms`: an instant vector as
// is, a scalar as one sample without labels; anything else is an error, as
// in Prometheus ("rule result is not a vector or scalar").
Result<promql::Vector> query_vector(const EvaluationContext& context, const std::string& query, int64_t time_ms);

}  // namespace vigil::rules
