#pragma once
// The value part of a series description, expanded per the grammar of
// Prometheus's series-description mode: `N` one value, `_` one omitted slot,
// `_xK` K omitted slots, `NxK` K+1 copies, `N+DxK` / `N-DxK` K+1 values built
// by repeated float addition, `stale` a staleness marker, and the same forms
// for `{{...}}` histograms.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "promql/script/series_desc.h"

namespace vigil::promql::script {

std::expected<std::vector<SequenceValue>, std::string> parse_series_values(std::string_view text);

}  // namespace vigil::promql::script
