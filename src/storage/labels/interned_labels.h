#pragma once
// A label set held as symbol ids: one small array of 32-bit ids (the label
// count, then name and value ids in label order) instead of a vector of
// strings. The head keeps every series' labels this way; the strings live
// once in the SymbolTable, and a LabelSet is rebuilt when a reader asks.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "storage/labels/label_set.h"
#include "storage/labels/symbol_table.h"

namespace vigil::storage {

class InternedLabels {
 public:
  InternedLabels() = default;
  static InternedLabels intern(const LabelSet& labels, SymbolTable& symbols);

  size_t size() const noexcept { return ids_ == nullptr ? 0 : ids_[0]; }
  uint32_t name_id(size_t i) const noexcept { return ids_[1 + 2 * i]; }
  uint32_t value_id(size_t i) const noexcept { return ids_[2 + 2 * i]; }

  LabelSet materialize(const SymbolTable& symbols) const;
  // Whether these are exactly `labels`, without building a LabelSet.
  // For a LabelSet or a series' views (LabelViews).
  template <class Labels>
  bool equals(const Labels& labels, const SymbolTable& symbols) const noexcept {
    if (labels.size() != size()) return false;
    size_t i = 0;
    for (const auto& label : labels) {
      if (symbols.lookup(value_id(i)) != label.value || symbols.lookup(name_id(i)) != label.name) return false;
      ++i;
    }
    return true;
  }

  size_t memory_bytes() const noexcept { return ids_ == nullptr ? 0 : (1 + 2 * size()) * sizeof(uint32_t); }

 private:
  std::unique_ptr<uint32_t[]> ids_;
};

}  // namespace vigil::storage
