#pragma once
// The label sets of alerts, and their identity as Alertmanager computes it:
// the fingerprint of prometheus/common's model.LabelSet, which appears in
// Alertmanager's API and in inhibition reports, and LabelSet.String(), which
// is part of a group key.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace vigil::alerting {

// Sorted by name. An empty value counts in the fingerprint, but matchers and
// inhibition's `equal` treat it as an absent label.
using Labels = std::map<std::string, std::string>;

// FNV-1a 64 over the names and values in name order, each followed by the
// 0xff separator byte; the empty set is FNV's offset basis.
uint64_t fingerprint(const Labels& labels);

// A fingerprint as Go's "%016x": 16 lower-case hex digits.
std::string fingerprint_text(uint64_t fingerprint);

// model.LabelSet.String(): `name="value"` pairs, values quoted as Go's %q,
// sorted as whole strings and joined by ", " in braces: {a="1", b="2"}.
std::string labels_text(const Labels& labels);

// model.LabelName.IsValid: [a-zA-Z_][a-zA-Z0-9_]*.
bool is_valid_label_name(std::string_view name);

// The value of `name`, or "" when absent.
const std::string& label_value(const Labels& labels, const std::string& name);

}  // namespace vigil::alerting
