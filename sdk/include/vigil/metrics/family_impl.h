#pragma once
// Template member definitions of Family; family.h includes this file at its
// end, and the include below makes it self-contained for tools.

#include <stdexcept>
#include <string>
#include <utility>

#include "vigil/metrics/family.h"

namespace vigil::metrics {

template <class Metric>
Metric& Family<Metric>::with(std::vector<std::string> values) {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument("metric family has " + std::to_string(label_names_.size()) + " label names but got " +
                                std::to_string(values.size()) + " values");
  }
  std::lock_guard lock(mu_);
  auto it = children_.find(values);
  if (it == children_.end()) it = children_.emplace(std::move(values), factory_()).first;
  return *it->second;  // stable: the map owns the metric through a unique_ptr
}

template <class Metric>
void Family<Metric>::for_each(const std::function<void(const std::vector<Label>&, const Metric&)>& fn) const {
  std::lock_guard lock(mu_);
  std::vector<Label> labels(label_names_.size());
  for (std::size_t i = 0; i < label_names_.size(); ++i) labels[i].name = label_names_[i];
  for (const auto& [values, metric] : children_) {
    for (std::size_t i = 0; i < values.size(); ++i) labels[i].value = values[i];
    fn(labels, *metric);
  }
}

}  // namespace vigil::metrics
