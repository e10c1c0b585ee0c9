#include "storage/labels/validation.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/labels/utf8.h"

namespace vigil::storage {
namespace {

// Long enough to recognise a series, short enough that a hostile 256 KiB
// series does not end up in every log line about it.
constexpr size_t kMaxQuotedLength = 200;

// Untrusted text made fit for an error message: valid UTF-8, cut at a
// character boundary.
std::string quotable(std::string_view text) {
  std::string out = escape_invalid_utf8(text);
  if (out.size() <= kMaxQuotedLength) return out;
  size_t cut = kMaxQuotedLength;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "…";
  return out;
}

// Which bytes may appear in names: a table, as every incoming series is checked.
enum : uint8_t { kFirstOfLabel = 1, kRestOfLabel = 2, kFirstOfMetric = 4, kRestOfMetric = 8 };
constexpr std::array<uint8_t, 256> kNameBytes = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (letter) table[c] |= kFirstOfLabel | kFirstOfMetric;
    if (letter || digit) table[c] |= kRestOfLabel | kRestOfMetric;
    if (c == ':') table[c] |= kFirstOfMetric | kRestOfMetric;
  }
  return table;
}();

bool is_name(std::string_view name, uint8_t first, uint8_t rest) {
  if (name.empty() || (kNameBytes[static_cast<uint8_t>(name[0])] & first) == 0) return false;
  for (char c : name) {
    if ((kNameBytes[static_cast<uint8_t>(c)] & rest) == 0) return false;
  }
  return true;
}

// Prometheus keeps "__"-prefixed names for its own use (__name__ in storage,
// __address__ and the like only during relabeling, which drops them).
bool is_reserved_name(std::string_view name) { return name.starts_with("__") && name != kMetricNameLabel; }

// The reason `label` breaks a rule, or an empty string when it breaks none.
std::string label_problem(const auto& label, const LabelLimits& limits) {
  if (label.name.size() > limits.max_name_length) {
    return "name is " + std::to_string(label.name.size()) + " bytes, longer than the limit of " +
           std::to_string(limits.max_name_length);
  }
  if (!is_valid_label_name(label.name)) return "invalid label name";
  if (is_reserved_name(label.name)) return "names starting with \"__\" are reserved";
  if (label.value.size() > limits.max_value_length) {
    return "value is " + std::to_string(label.value.size()) + " bytes, longer than the limit of " +
           std::to_string(limits.max_value_length);
  }
  if (label.name == kMetricNameLabel) {
    if (!is_valid_metric_name(label.value)) return "invalid metric name";
  } else if (!is_valid_utf8(label.value)) {
    return "value is not valid UTF-8";
  }
  return {};
}

Error invalid(const auto& labels, const std::string& what) {
  return make_error(ErrorKind::invalid_argument, "series " + quotable(labels_to_string(labels)) + ": " + what);
}

}  // namespace

// [a-zA-Z_][a-zA-Z0-9_]*
bool is_valid_label_name(std::string_view name) { return is_name(name, kFirstOfLabel, kRestOfLabel); }

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool is_valid_metric_name(std::string_view name) { return is_name(name, kFirstOfMetric, kRestOfMetric); }

template <class Labels>
Result<void> validate(const Labels& labels, const LabelLimits& limits) {
  if (labels.size() > limits.max_labels_per_series) {
    return std::unexpected(invalid(labels, std::to_string(labels.size()) + " labels, more than the limit of " +
                                               std::to_string(limits.max_labels_per_series)));
  }
  for (const auto& label : labels) {
    std::string problem = label_problem(label, limits);
    if (!problem.empty()) return std::unexpected(invalid(labels, "label \"" + quotable(label.name) + "\": " + problem));
  }
  return {};
}

template Result<void> validate(const LabelSet&, const LabelLimits&);
template Result<void> validate(const LabelViews&, const LabelLimits&);

}  // namespace vigil::storage
