#include "storage/labels/interned_labels.h"

namespace vigil::storage {

InternedLabels InternedLabels::intern(const LabelSet& labels, SymbolTable& symbols) {
  InternedLabels out;
  out.ids_ = std::make_unique_for_overwrite<uint32_t[]>(1 + 2 * labels.size());
  out.ids_[0] = static_cast<uint32_t>(labels.size());
  size_t i = 1;
  for (const Label& label : labels) {
    out.ids_[i++] = symbols.intern(label.name);
    out.ids_[i++] = symbols.intern(label.value);
  }
  return out;
}

LabelSet InternedLabels::materialize(const SymbolTable& symbols) const {
  std::vector<Label> labels;
  labels.reserve(size());
  for (size_t i = 0; i < size(); ++i) {
    labels.push_back({std::string(symbols.lookup(name_id(i))), std::string(symbols.lookup(value_id(i)))});
  }
  // Interned from a LabelSet, so already sorted, unique and without empty values.
  return LabelSet(std::move(labels));
}

}  // namespace vigil::storage
