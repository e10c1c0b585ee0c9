#pragma once
// A resource's identity as Prometheus's OTLP receiver derives it:
// `service.namespace` + "/" + `service.name` (or `service.name` alone) is the
// `job` label, `service.instance.id` the `instance` label, and every other
// resource attribute goes to one `target_info` series of that job and
// instance instead of onto each series.

#include <string>

#include "ingest/otlp/attributes.h"
#include "opentelemetry/proto/resource/v1/resource.pb.h"

namespace vigil::ingest::otlp {

struct ResourceLabels {
  std::string job;       // empty without service.name
  std::string instance;  // empty without service.instance.id
  // The labels of target_info: job, instance and the other attributes;
  // empty when the resource has no other attributes (no target_info then).
  LabelMap target_info;
};

ResourceLabels resource_labels(const opentelemetry::proto::resource::v1::Resource& resource);

}  // namespace vigil::ingest::otlp
