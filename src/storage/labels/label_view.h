#pragma once
// A label whose strings live elsewhere, typically in a request body being
// decoded. The append path reads series as views so that a series already in
// the head is found without copying its labels; only a new series gets owned
// strings. The functions here take any range of labels with `name` and
// `value` members (Label or LabelView), so a LabelSet and its views hash and
// print alike.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil::storage {

struct LabelView {
  std::string_view name;
  std::string_view value;
};

// Views of one series' labels: sorted by name, unique names, no empty value
// (the invariants of LabelSet).
using LabelViews = std::span<const LabelView>;

namespace detail {
uint64_t hash_label_bytes(const char* bytes, size_t length) noexcept;
void append_escaped(std::string& out, std::string_view value);
}  // namespace detail

// XXH3-64 of the labels in order. 0xff cannot occur in valid UTF-8, so it
// separates names and values without ambiguity: {a="bc"} and {ab="c"} feed
// different bytes to the hash.
template <class Labels>
uint64_t hash_labels(const Labels& labels) noexcept {
  constexpr char kSeparator = '\xff';
  size_t length = 0;
  for (const auto& label : labels) length += label.name.size() + label.value.size() + 2;
  // Every append hashes every incoming series: typical label sets fit the
  // stack buffer, which spares an allocation per series.
  char stack[1024];
  std::string heap;
  char* bytes = stack;
  if (length > sizeof(stack)) {
    heap.resize(length);
    bytes = heap.data();
  }
  char* out = bytes;
  for (const auto& label : labels) {
    out = std::copy(label.name.begin(), label.name.end(), out);
    *out++ = kSeparator;
    out = std::copy(label.value.begin(), label.value.end(), out);
    *out++ = kSeparator;
  }
  return detail::hash_label_bytes(bytes, length);
}

// Prometheus form, `up{job="a", zone="b"}`; values escaped as in the text
// exposition format. Without a metric name: `{job="a"}`.
template <class Labels>
std::string labels_to_string(const Labels& labels) {
  std::string out;
  std::string body;
  for (const auto& label : labels) {
    if (label.name == std::string_view("__name__")) {
      out = label.value;
      continue;
    }
    if (!body.empty()) body += ", ";
    body += label.name;
    body += "=\"";
    detail::append_escaped(body, label.value);
    body += '"';
  }
  // `up` alone is the conventional form of a series with no other labels; a
  // set without a metric name still needs the braces to read as a selector.
  if (!body.empty() || out.empty()) {
    out += '{';
    out += body;
    out += '}';
  }
  return out;
}

// The metric name (value of __name__), or an empty view.
template <class Labels>
std::string_view metric_name_of(const Labels& labels) noexcept {
  for (const auto& label : labels) {
    if (label.name == std::string_view("__name__")) return label.value;
  }
  return {};
}

}  // namespace vigil::storage
