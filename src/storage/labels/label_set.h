#pragma once
// A series' identity: its labels, as Prometheus defines them. Keeping the
// labels sorted by name with unique names makes equality, ordering and hashing
// independent of the order in which a client sent them.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_view.h"

namespace vigil::storage {

// The label that holds the metric name; it is stored like any other label.
inline constexpr std::string_view kMetricNameLabel = "__name__";

struct Label {
  std::string name;
  std::string value;

  friend auto operator<=>(const Label&, const Label&) = default;
};

class LabelSet {
 public:
  using const_iterator = std::vector<Label>::const_iterator;

  LabelSet() = default;

  // Sorts by name and drops labels with an empty value (Prometheus treats
  // `a=""` as the absence of `a`). Duplicate names are rejected even when one
  // of them is empty, as Prometheus's scrape does: the input is ambiguous.
  static Result<LabelSet> from(std::vector<Label> labels);
  // The same from views, copying their strings.
  static Result<LabelSet> from(LabelViews labels);

  // The value of `name`, or an empty view when the set has no such label.
  std::string_view get(std::string_view name) const noexcept;
  std::string_view metric_name() const noexcept { return get(kMetricNameLabel); }

  const_iterator begin() const noexcept { return labels_.begin(); }
  const_iterator end() const noexcept { return labels_.end(); }
  size_t size() const noexcept { return labels_.size(); }
  bool empty() const noexcept { return labels_.empty(); }

  // XXH3-64 of the labels; equal sets hash equally. Computed on each call:
  // callers that need it repeatedly (the head's series map) keep it.
  uint64_t hash() const noexcept;

  // Prometheus form, `up{job="a", zone="b"}`; values escaped as in the text
  // exposition format. Without a metric name: `{job="a"}`.
  std::string to_string() const;

  // Lexicographic over (name, value) pairs, then by size: the order of
  // Prometheus's labels.Compare.
  friend auto operator<=>(const LabelSet&, const LabelSet&) = default;

 private:
  friend class LabelSetBuilder;
  friend class InternedLabels;
  explicit LabelSet(std::vector<Label> sorted_unique_non_empty) : labels_(std::move(sorted_unique_non_empty)) {}

  std::vector<Label> labels_;
};

}  // namespace vigil::storage
