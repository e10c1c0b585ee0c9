#pragma once
// "Did you mean" hints for misspelt keys and environment variables.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::config {

// The candidate closest to `word` by edit distance (ignoring case, counting a
// swap of neighbours as one edit), when it is close enough to be a likely typo.
std::optional<std::string_view> closest_name(std::string_view word, const std::vector<std::string_view>& candidates);

// " (did you mean \"listen\"?)" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace vigil::config
