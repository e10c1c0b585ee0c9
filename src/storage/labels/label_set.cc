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

std::string_view LabelSet::get(std::string_view name) const noexcept {
  auto it = std::lower_bound(labels_.begin(), labels_.end(), name,
                             [](const Label& label, std::string_view n) { return label.name < n; });
  if (it == labels_.end() || it->name != name) return {};
  return it->value;
}

uint64_t LabelSet::hash() const noexcept {
  // 0xff cannot occur in valid UTF-8, so it separates names and values without
  // ambiguity: {a="bc"} and {ab="c"} feed different bytes to the hash.
  constexpr char kSeparator = '\xff';
  size_t length = 0;
  for (const Label& label : labels_) length += label.name.size() + label.value.size() + 2;
  // The head hashes every incoming series on every append: typical label sets
  // fit the stack buffer, which spares an allocation per series.
  char stack[1024];
  std::string heap;
  char* bytes = stack;
  if (length > sizeof(stack)) {
    heap.resize(length);
    bytes = heap.data();
  }
  char* out = bytes;
  for (const Label& label : labels_) {
    out = std::copy(label.name.begin(), label.name.end(), out);
    *out++ = kSeparator;
    out = std::copy(label.value.begin(), label.value.end(), out);
    *out++ = kSeparator;
  }
  return XXH3_64bits(bytes, length);
}

namespace {

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

}  // namespace

std::string LabelSet::to_string() const {
  std::string out(metric_name());
  std::string body;
  for (const Label& label : labels_) {
    if (label.name == kMetricNameLabel) continue;
    if (!body.empty()) body += ", ";
    body += label.name;
    body += "=\"";
    append_escaped(body, label.value);
    body += '"';
  }
  // `up` alone is the conventional form of a series with no other labels; a
  // set without a metric name still needs the braces to read as a selector.
  if (!body.empty() || out.empty()) out += "{" + body + "}";
  return out;
}

}  // namespace vigil::storage
