#pragma once
// A metric family: one name and fixed label names; one child per distinct set
// of label values. Look a child up once and keep the reference: it stays valid
// as long as the family, so the hot path does no lookup. When it must look up,
// with() finds an existing child without a lock or an allocation.
//
// A family holds at most cardinality_limit() children. Label values beyond
// it all land in one overflow child, exposed with the single label
// otel_metric_overflow="true" (OpenTelemetry's convention for the same
// limit), and every such lookup is counted in overflowed().

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/metrics/metric_family.h"

namespace vigil::metrics {

inline constexpr std::size_t kDefaultCardinalityLimit = 10'000;
inline constexpr std::string_view kOverflowLabelName = "otel_metric_overflow";

template <class Metric>
class Family {
 public:
  using Factory = std::function<std::unique_ptr<Metric>()>;

  Family(std::vector<std::string> label_names, Factory factory,
         std::size_t cardinality_limit = kDefaultCardinalityLimit);
  Family(const Family&) = delete;
  Family& operator=(const Family&) = delete;

  // The child for these label values, in label_names() order, created on
  // first use. Throws std::invalid_argument when the number of values
  // differs from the number of label names: a programming error that the
  // first call at a call site shows.
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(std::span<const std::string_view>(values.begin(), values.size()));
  }
  Metric& with(std::span<const std::string_view> values);
  Metric& with(const std::vector<std::string>& values);

  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  // Takes effect for children created from now on; existing ones stay.
  void set_cardinality_limit(std::size_t limit) noexcept { limit_.store(limit, std::memory_order_relaxed); }
  std::size_t cardinality_limit() const noexcept { return limit_.load(std::memory_order_relaxed); }
  // Lookups of new label values that went to the overflow child.
  uint64_t overflowed() const noexcept { return overflowed_.load(std::memory_order_relaxed); }

  // Calls fn(labels, metric) for every child, in label-value order (labels
  // in label_names() order), then for the overflow child if there is one
  // (labels: otel_metric_overflow="true"). fn runs under the family's lock,
  // so it must not call with() on the same family.
  void for_each(const std::function<void(const std::vector<Label>&, const Metric&)>& fn) const;

 private:
  struct Child {
    std::size_t hash;
    std::unique_ptr<Metric> metric;
    const std::vector<std::string>* values;  // the key of its node in children_
  };
  // Open addressing, linear probing. Readers probe without a lock; the
  // writer (under mu_) fills empty slots or publishes a bigger table. Old
  // tables are kept until the family dies, so a reader never probes freed
  // memory; they add up to less than the current one.
  struct Table {
    explicit Table(std::size_t size) : mask(size - 1), slots(new std::atomic<const Child*>[size]()) {}
    std::size_t mask;
    std::unique_ptr<std::atomic<const Child*>[]> slots;
  };

  static std::size_t hash_of(std::span<const std::string_view> values) noexcept;
  static bool same_values(const Child& child, std::span<const std::string_view> values) noexcept;
  const Child* find(const Table& table, std::size_t hash, std::span<const std::string_view> values) const noexcept;
  Metric& add(std::size_t hash, std::span<const std::string_view> values);
  void insert(const Child& child);
  void check_count(std::size_t count) const;

  std::vector<std::string> label_names_;
  Factory factory_;
  std::atomic<std::size_t> limit_;
  std::atomic<uint64_t> overflowed_{0};
  std::atomic<const Table*> table_;

  mutable std::mutex mu_;  // guards everything below and table changes
  std::map<std::vector<std::string>, Child> children_;
  std::vector<std::unique_ptr<Table>> tables_;  // the current one is last
  std::unique_ptr<Metric> overflow_;
};

}  // namespace vigil::metrics

#include "vigil/metrics/family_impl.h"
