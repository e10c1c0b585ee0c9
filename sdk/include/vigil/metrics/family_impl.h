#pragma once
// Template member definitions of Family; family.h includes this file at its
// end, and the include below makes it self-contained for tools.

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "vigil/metrics/family.h"

namespace vigil::metrics {

template <class Metric>
Family<Metric>::Family(std::vector<std::string> label_names, Factory factory, std::size_t cardinality_limit)
    : label_names_(std::move(label_names)), factory_(std::move(factory)), limit_(cardinality_limit) {
  tables_.push_back(std::make_unique<Table>(16));
  table_.store(tables_.back().get(), std::memory_order_release);
}

template <class Metric>
std::size_t Family<Metric>::hash_of(std::span<const std::string_view> values) noexcept {
  std::size_t h = 0x9e3779b97f4a7c15ULL;
  for (std::string_view v : values) h = (h ^ std::hash<std::string_view>{}(v)) * 0x100000001b3ULL + v.size();
  return h ^ (h >> 29);
}

template <class Metric>
bool Family<Metric>::same_values(const Child& child, std::span<const std::string_view> values) noexcept {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if ((*child.values)[i] != values[i]) return false;
  }
  return true;
}

template <class Metric>
auto Family<Metric>::find(const Table& table, std::size_t hash, std::span<const std::string_view> values) const noexcept
    -> const Child* {
  for (std::size_t i = hash & table.mask;; i = (i + 1) & table.mask) {
    const Child* child = table.slots[i].load(std::memory_order_acquire);
    if (child == nullptr) return nullptr;
    if (child->hash == hash && same_values(*child, values)) return child;
  }
}

template <class Metric>
void Family<Metric>::check_count(std::size_t count) const {
  if (count != label_names_.size()) {
    throw std::invalid_argument("metric family has " + std::to_string(label_names_.size()) + " label names but got " +
                                std::to_string(count) + " values");
  }
}

template <class Metric>
Metric& Family<Metric>::with(std::span<const std::string_view> values) {
  check_count(values.size());
  const std::size_t hash = hash_of(values);
  if (const Child* child = find(*table_.load(std::memory_order_acquire), hash, values)) return *child->metric;
  return add(hash, values);
}

template <class Metric>
Metric& Family<Metric>::with(const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  return with(std::span<const std::string_view>(views));
}

template <class Metric>
Metric& Family<Metric>::add(std::size_t hash, std::span<const std::string_view> values) {
  std::lock_guard lock(mu_);
  // Another thread may have added it since the lock-free probe.
  if (const Child* child = find(*tables_.back(), hash, values)) return *child->metric;
  if (children_.size() >= limit_.load(std::memory_order_relaxed)) {
    overflowed_.fetch_add(1, std::memory_order_relaxed);
    if (!overflow_) overflow_ = factory_();
    return *overflow_;
  }
  auto [it, inserted] =
      children_.emplace(std::vector<std::string>(values.begin(), values.end()), Child{hash, factory_(), nullptr});
  it->second.values = &it->first;
  insert(it->second);
  return *it->second.metric;
}

template <class Metric>
void Family<Metric>::insert(const Child& child) {
  const Table* table = tables_.back().get();
  // At most half full keeps probes short.
  if (2 * children_.size() > table->mask + 1) {
    auto bigger = std::make_unique<Table>(2 * (table->mask + 1));
    for (const auto& [values, existing] : children_) {
      if (&existing == &child) continue;
      std::size_t i = existing.hash & bigger->mask;
      while (bigger->slots[i].load(std::memory_order_relaxed) != nullptr) i = (i + 1) & bigger->mask;
      bigger->slots[i].store(&existing, std::memory_order_relaxed);
    }
    tables_.push_back(std::move(bigger));
    table = tables_.back().get();
  }
  std::size_t i = child.hash & table->mask;
  while (table->slots[i].load(std::memory_order_relaxed) != nullptr) i = (i + 1) & table->mask;
  table->slots[i].store(&child, std::memory_order_release);
  // Publishing after the slots are filled: a reader of the new table sees them all.
  table_.store(table, std::memory_order_release);
}

template <class Metric>
void Family<Metric>::for_each(const std::function<void(const std::vector<Label>&, const Metric&)>& fn) const {
  std::lock_guard lock(mu_);
  std::vector<Label> labels(label_names_.size());
  for (std::size_t i = 0; i < label_names_.size(); ++i) labels[i].name = label_names_[i];
  for (const auto& [values, child] : children_) {
    for (std::size_t i = 0; i < values.size(); ++i) labels[i].value = values[i];
    fn(labels, *child.metric);
  }
  if (overflow_) fn({Label{std::string(kOverflowLabelName), "true"}}, *overflow_);
}

}  // namespace vigil::metrics
