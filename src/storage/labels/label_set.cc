#include "storage/labels/label_set.h"

#include <xxhash.h>

#include <algorithm>

namespace vigil::storage {

Result<LabelSet> LabelSet::from(std::vector<Label> labels) {
  std::sort(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.name < b.name; });
  auto duplicate =
      std::adjacent_find(labels.begin(), labels.end(), [](const Label& a, const Label& b) { return a.name == b.name; });
  if (duplicate != labels.end()) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "duplicate label name \"" + duplicate->name + "\""));
  }
  std::erase_if(labels, [](const Label& label) { return label.value.empty(); });
  return LabelSet(std::move(labels));
}

Result<LabelSet> LabelSet::from(LabelViews labels) {
  std::vector<Label> owned;
  owned.reserve(labels.size());
  for (const LabelView& label : labels) owned.push_back({std::string(label.name), std::string(label.value)});
  return from(std::move(owned));
}

std::string_view LabelSet::get(std::string_view name) const noexcept {
  auto it = std::lower_bound(labels_.begin(), labels_.end(), name,
                             [](const Label& label, std::string_view n) { return label.name < n; });
  if (it == labels_.end() || it->name != name) return {};
  return it->value;
}

uint64_t LabelSet::hash() const noexcept { return hash_labels(labels_); }

std::string LabelSet::to_string() const { return labels_to_string(labels_); }

namespace detail {

uint64_t hash_label_bytes(const char* bytes, size_t length) noexcept { return XXH3_64bits(bytes, length); }

void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

}  // namespace detail

}  // namespace vigil::storage
