#include "vigil/metrics/registry.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace vigil::metrics {
namespace {

// Snapshots every child of `family` into `out`, labels sorted by name.
template <class Metric, class ToValue>
void collect_points(const Family<Metric>& family, std::vector<MetricPoint>& out, ToValue to_value) {
  const auto& names = family.label_names();
  std::vector<std::size_t> order(names.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&names](std::size_t a, std::size_t b) { return names[a] < names[b]; });
  family.for_each([&](const std::vector<Label>& labels, const Metric& metric) {
    MetricPoint point;
    if (labels.size() == order.size()) {
      point.labels.reserve(labels.size());
      for (std::size_t i : order) point.labels.push_back(labels[i]);
    } else {
      point.labels = labels;  // the overflow child's own label
    }
    point.value = to_value(metric);
    out.push_back(std::move(point));
  });
}

}  // namespace

void Registry::check_new_name(const std::string& name, const std::vector<std::string>& label_names) const {
  if (!is_valid_metric_name(name)) throw std::invalid_argument("invalid metric name \"" + name + "\"");
  if (name == kOverflowsFamilyName) throw std::invalid_argument("metric name \"" + name + "\" is the registry's own");
  if (entries_.contains(name)) throw std::invalid_argument("metric \"" + name + "\" is already registered");
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const auto& label = label_names[i];
    if (!is_valid_label_name(label)) {
      throw std::invalid_argument("metric \"" + name + "\": invalid label name \"" + label + "\"");
    }
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i), label) !=
        label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw std::invalid_argument("metric \"" + name + "\": repeated label name \"" + label + "\"");
    }
  }
}

Family<Counter>& Registry::counter(std::string name, std::string help, std::vector<std::string> label_names,
                                   std::string unit) {
  std::lock_guard lock(mu_);
  check_new_name(name, label_names);
  auto family = std::make_unique<Family<Counter>>(std::move(label_names), [] { return std::make_unique<Counter>(); });
  auto& ref = *family;
  entries_.emplace(std::move(name), Entry{std::move(help), std::move(unit), std::move(family)});
  return ref;
}

Family<Gauge>& Registry::gauge(std::string name, std::string help, std::vector<std::string> label_names,
                               std::string unit) {
  std::lock_guard lock(mu_);
  check_new_name(name, label_names);
  auto family = std::make_unique<Family<Gauge>>(std::move(label_names), [] { return std::make_unique<Gauge>(); });
  auto& ref = *family;
  entries_.emplace(std::move(name), Entry{std::move(help), std::move(unit), std::move(family)});
  return ref;
}

Family<Histogram>& Registry::histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                       std::vector<double> buckets, std::string unit) {
  std::lock_guard lock(mu_);
  check_new_name(name, label_names);
  // "le" is the bucket label that the exposition adds.
  if (std::find(label_names.begin(), label_names.end(), "le") != label_names.end()) {
    throw std::invalid_argument("histogram \"" + name + "\": label name \"le\" is reserved");
  }
  Histogram check(buckets);  // throws now for bad bounds rather than at the first with()
  auto family = std::make_unique<Family<Histogram>>(
      std::move(label_names), [b = std::move(buckets)] { return std::make_unique<Histogram>(b); });
  auto& ref = *family;
  entries_.emplace(std::move(name), Entry{std::move(help), std::move(unit), std::move(family)});
  return ref;
}

void Registry::add_collector(Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::vector<MetricFamily> Registry::collect() const {
  std::vector<MetricFamily> out;
  std::vector<Collector> collectors;
  {
    std::lock_guard lock(mu_);
    out.reserve(entries_.size() + 1);
    MetricFamily overflows{std::string(kOverflowsFamilyName),
                           "Lookups of new label values that a family's cardinality limit sent to its overflow child.",
                           {},
                           MetricType::counter,
                           {}};
    for (const auto& [name, entry] : entries_) {
      MetricFamily mf{name, entry.help, entry.unit, MetricType::unknown, {}};
      std::visit(
          [&mf, &overflows](const auto& family) {
            if (const uint64_t n = family->overflowed(); n > 0) {
              MetricPoint point;
              point.labels.push_back({"metric", mf.name});
              point.value = static_cast<double>(n);
              overflows.points.push_back(std::move(point));
            }
            using F = std::decay_t<decltype(*family)>;
            if constexpr (std::is_same_v<F, Family<Counter>>) {
              mf.type = MetricType::counter;
              collect_points(*family, mf.points, [](const Counter& c) { return c.value(); });
            } else if constexpr (std::is_same_v<F, Family<Gauge>>) {
              mf.type = MetricType::gauge;
              collect_points(*family, mf.points, [](const Gauge& g) { return g.value(); });
            } else {
              mf.type = MetricType::histogram;
              collect_points(*family, mf.points, [](const Histogram& h) { return h.snapshot(); });
            }
          },
          entry.family);
      out.push_back(std::move(mf));
    }
    if (!overflows.points.empty()) out.push_back(std::move(overflows));
    collectors = collectors_;
  }
  // Outside the lock: a collector may read other state that takes its own
  // locks, and must not be able to deadlock with a registration.
  for (const auto& collector : collectors) collector(out);
  std::stable_sort(out.begin(), out.end(),
                   [](const MetricFamily& a, const MetricFamily& b) { return a.name < b.name; });
  return out;
}

}  // namespace vigil::metrics
