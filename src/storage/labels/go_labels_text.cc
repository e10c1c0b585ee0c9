#include "storage/labels/go_labels_text.h"

#include "core/go_text.h"

namespace vigil::storage {
namespace {

template <class Labels>
std::string go_text_of(const Labels& labels) {
  std::string out = "{";
  for (const auto& label : labels) {
    if (out.size() > 1) out += ", ";
    out += label.name;
    out += '=';
    out += quote_go_string(label.value);
  }
  out += '}';
  return out;
}

}  // namespace

std::string go_labels_string(const LabelSet& labels) { return go_text_of(labels); }
std::string go_labels_string(const std::vector<Label>& labels) { return go_text_of(labels); }

}  // namespace vigil::storage
