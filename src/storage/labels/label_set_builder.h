#pragma once
// Edits a LabelSet the way relabeling does (set, delete, keep a subset) and
// produces a new one; the original is left unchanged.

#include <string>
#include <string_view>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::storage {

class LabelSetBuilder {
 public:
  explicit LabelSetBuilder(const LabelSet& base) : labels_(base.begin(), base.end()) {}

  // Adds or replaces `name`; an empty value deletes it, as in Prometheus.
  LabelSetBuilder& set(std::string_view name, std::string_view value);
  LabelSetBuilder& del(std::string_view name);
  // Removes every label whose name is not listed.
  LabelSetBuilder& keep(const std::vector<std::string_view>& names);

  // The value of `name` as edited so far, empty when absent. Invalidated by
  // the next edit.
  std::string_view get(std::string_view name) const;
  // The labels as edited so far, sorted by name.
  const std::vector<Label>& current() const noexcept { return labels_; }

  LabelSet labels() const { return LabelSet(labels_); }

 private:
  std::vector<Label>::iterator find_position(std::string_view name);
  std::vector<Label>::const_iterator find_position(std::string_view name) const;

  std::vector<Label> labels_;  // kept sorted by name, unique, no empty values
};

}  // namespace vigil::storage
