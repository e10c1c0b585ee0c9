#include "storage/labels/label_set_builder.h"

#include <algorithm>

namespace vigil::storage {

std::vector<Label>::iterator LabelSetBuilder::find_position(std::string_view name) {
  return std::lower_bound(labels_.begin(), labels_.end(), name,
                          [](const Label& label, std::string_view n) { return label.name < n; });
}

std::vector<Label>::const_iterator LabelSetBuilder::find_position(std::string_view name) const {
  return std::lower_bound(labels_.begin(), labels_.end(), name,
                          [](const Label& label, std::string_view n) { return label.name < n; });
}

std::string_view LabelSetBuilder::get(std::string_view name) const {
  auto it = find_position(name);
  return it != labels_.end() && it->name == name ? std::string_view(it->value) : std::string_view();
}

LabelSetBuilder& LabelSetBuilder::set(std::string_view name, std::string_view value) {
  if (value.empty()) return del(name);
  auto it = find_position(name);
  if (it != labels_.end() && it->name == name) {
    it->value = value;
  } else {
    labels_.insert(it, Label{std::string(name), std::string(value)});
  }
  return *this;
}

LabelSetBuilder& LabelSetBuilder::del(std::string_view name) {
  auto it = find_position(name);
  if (it != labels_.end() && it->name == name) labels_.erase(it);
  return *this;
}

LabelSetBuilder& LabelSetBuilder::keep(const std::vector<std::string_view>& names) {
  std::erase_if(labels_,
                [&](const Label& label) { return std::find(names.begin(), names.end(), label.name) == names.end(); });
  return *this;
}

}  // namespace vigil::storage
