#include "config/suggest.h"

#include <algorithm>
#include <cctype>

namespace vigil::config {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance: Levenshtein plus transpositions.
size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

}  // namespace

std::optional<std::string_view> closest_name(std::string_view word, const std::vector<std::string_view>& candidates) {
  // Keys are typed by people: allow one edit per three characters, 1 to 3.
  constexpr size_t kMaxWord = 256;  // longer is not a typo, and keeps the table small
  if (word.empty() || word.size() > kMaxWord) return std::nullopt;
  const size_t allowed = std::clamp<size_t>(word.size() / 3, 1, 3);
  std::optional<std::string_view> best;
  size_t best_distance = allowed + 1;
  for (auto candidate : candidates) {
    const size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  auto best = closest_name(word, candidates);
  if (!best) return "";
  return " (did you mean \"" + std::string(*best) + "\"?)";
}

}  // namespace vigil::config
