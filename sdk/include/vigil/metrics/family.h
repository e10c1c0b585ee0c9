#pragma once
// A metric family: one name and fixed label names; one child per distinct set
// of label values. Look a child up once and keep the reference: it stays valid
// as long as the family, so the hot path does no lookup.

#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "vigil/metrics/metric_family.h"

namespace vigil::metrics {

template <class Metric>
class Family {
 public:
  using Factory = std::function<std::unique_ptr<Metric>()>;

  Family(std::vector<std::string> label_names, Factory factory)
      : label_names_(std::move(label_names)), factory_(std::move(factory)) {}

  // Throws std::invalid_argument when the number of values differs from the
  // number of label names.
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(std::vector<std::string>(values.begin(), values.end()));
  }
  Metric& with(std::vector<std::string> values);

  const std::vector<std::string>& label_names() const noexcept { return label_names_; }

  // Calls fn(labels, metric) for every child, in label-value order; labels
  // are in label_names() order. fn runs under the family's lock, so it must
  // not call with() on the same family.
  void for_each(const std::function<void(const std::vector<Label>&, const Metric&)>& fn) const;

 private:
  std::vector<std::string> label_names_;
  Factory factory_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> children_;
};

}  // namespace vigil::metrics

#include "vigil/metrics/family_impl.h"
