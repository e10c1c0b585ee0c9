#pragma once
// Owns metric families and gathers them, plus values computed at collection
// time by collectors (process metrics, build info), into one snapshot.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "vigil/metrics/counter.h"
#include "vigil/metrics/family.h"
#include "vigil/metrics/gauge.h"
#include "vigil/metrics/histogram.h"
#include "vigil/metrics/metric_family.h"

namespace vigil::metrics {

// The counter a registry adds to its collection when some family has
// exceeded its cardinality limit: one point per such family, label
// metric="<family name>", counting lookups sent to the overflow child.
inline constexpr std::string_view kOverflowsFamilyName = "vigil_sdk_cardinality_overflows_total";

class Registry {
 public:
  using Collector = std::function<void(std::vector<MetricFamily>&)>;

  // Each throws std::invalid_argument for an invalid or already registered
  // name, or an invalid or repeated label name ("le" is also reserved for
  // histograms): these are programming errors. The returned family lives as
  // long as the registry; its cardinality limit starts at
  // kDefaultCardinalityLimit (Family::set_cardinality_limit changes it).
  Family<Counter>& counter(std::string name, std::string help, std::vector<std::string> label_names = {},
                           std::string unit = {});
  Family<Gauge>& gauge(std::string name, std::string help, std::vector<std::string> label_names = {},
                       std::string unit = {});
  Family<Histogram>& histogram(std::string name, std::string help, std::vector<std::string> label_names,
                               std::vector<double> buckets = default_buckets(), std::string unit = {});

  void add_collector(Collector collector);

  // Every family, registered and collected, sorted by name. The points of a
  // registered family come in label-value order, each with its labels sorted
  // by label name. Collectors run without the registry's lock held.
  std::vector<MetricFamily> collect() const;

 private:
  struct Entry {
    std::string help;
    std::string unit;
    std::variant<std::unique_ptr<Family<Counter>>, std::unique_ptr<Family<Gauge>>, std::unique_ptr<Family<Histogram>>>
        family;
  };
  void check_new_name(const std::string& name, const std::vector<std::string>& label_names) const;

  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  std::vector<Collector> collectors_;
};

}  // namespace vigil::metrics
