#include "ingest/otlp/resource.h"

namespace vigil::ingest::otlp {
namespace {

constexpr std::string_view kServiceName = "service.name";
constexpr std::string_view kServiceNamespace = "service.namespace";
constexpr std::string_view kServiceInstanceId = "service.instance.id";

}  // namespace

ResourceLabels resource_labels(const opentelemetry::proto::resource::v1::Resource& resource) {
  ResourceLabels out;
  std::string name;
  std::string name_space;
  for (const auto& kv : resource.attributes()) {
    if (kv.key() == kServiceName) name = label_value(kv.value());
    if (kv.key() == kServiceNamespace) name_space = label_value(kv.value());
    if (kv.key() == kServiceInstanceId) out.instance = label_value(kv.value());
  }
  if (!name.empty()) {
    out.job = name_space.empty() ? name : name_space + "/" + name;
  }
  add_attributes(out.target_info, resource.attributes(), {kServiceName, kServiceNamespace, kServiceInstanceId});
  // Attributes with empty values make no labels; only real ones justify a
  // target_info series.
  std::erase_if(out.target_info, [](const auto& label) { return label.second.empty(); });
  if (!out.target_info.empty()) {
    if (!out.job.empty()) out.target_info["job"] = out.job;
    if (!out.instance.empty()) out.target_info["instance"] = out.instance;
  }
  return out;
}

}  // namespace vigil::ingest::otlp
