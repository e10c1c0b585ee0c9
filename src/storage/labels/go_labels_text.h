#pragma once
// Label sets as Prometheus's labels.Labels.String() prints them, values
// quoted as Go's %q: `{__name__="up", job="a"}`. The form PromQL's error
// messages and promtool's rule test reports quote labels in (the text
// exposition form is LabelSet::to_string).

#include <string>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::storage {

std::string go_labels_string(const LabelSet& labels);
// Any labels in the order given, empty values kept (alert annotations).
std::string go_labels_string(const std::vector<Label>& labels);

}  // namespace vigil::storage
