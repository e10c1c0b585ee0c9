#include "ingest/scrape/metric_metadata.h"

namespace vigil::ingest::scrape {

MetricMetadata* MetadataCollector::entry(std::string_view family) {
  if (auto it = families_.find(family); it != families_.end()) return &it->second;
  if (families_.size() >= kMaxMetadataPerTarget) return nullptr;
  auto [it, inserted] = families_.emplace(std::string(family), MetricMetadata{std::string(family)});
  return &it->second;
}

void MetadataCollector::type(std::string_view family, exposition::MetricType type) {
  if (MetricMetadata* m = entry(family)) m->type = exposition::to_string(type);
}

void MetadataCollector::help(std::string_view family, std::string_view help) {
  if (MetricMetadata* m = entry(family)) m->help = help;
}

void MetadataCollector::unit(std::string_view family, std::string_view unit) {
  if (MetricMetadata* m = entry(family)) m->unit = unit;
}

std::shared_ptr<const MetadataList> MetadataCollector::take() {
  auto list = std::make_shared<MetadataList>();
  list->reserve(families_.size());
  for (auto& [name, metadata] : families_) list->push_back(std::move(metadata));
  families_.clear();
  return list;
}

}  // namespace vigil::ingest::scrape
