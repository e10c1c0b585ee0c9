// sort_by_label's natural order, as the facette/natsort package Prometheus
// uses defines it.

#include <charconv>
#include <cstdint>
#include <vector>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Alternating runs of digits and of non-digits.
std::vector<std::string_view> chunks(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || is_digit(s[i]) != is_digit(s[start])) {
      out.push_back(s.substr(start, i - start));
      start = i;
    }
  }
  return out;
}

// A digit run that fits an int64 (Go's strconv.Atoi); longer runs compare
// as text.
bool parse_int(std::string_view chunk, int64_t& out) {
  if (chunk.empty() || !is_digit(chunk[0])) return false;
  const auto [end, ec] = std::from_chars(chunk.data(), chunk.data() + chunk.size(), out);
  return ec == std::errc() && end == chunk.data() + chunk.size();
}

// natsort.Compare: whether a sorts before b. When one string's chunks are a
// prefix of the other's, the one that runs out first is smaller.
bool natural_less(std::string_view a, std::string_view b) {
  const auto chunks_a = chunks(a);
  const auto chunks_b = chunks(b);
  for (size_t i = 0; i < chunks_a.size(); ++i) {
    if (i >= chunks_b.size()) return false;
    int64_t int_a = 0, int_b = 0;
    const bool numbers = parse_int(chunks_a[i], int_a) && parse_int(chunks_b[i], int_b);
    if (numbers ? int_a != int_b : chunks_a[i] != chunks_b[i]) {
      return numbers ? int_a < int_b : chunks_a[i] < chunks_b[i];
    }
    if (i == chunks_a.size() - 1) return true;
    if (i == chunks_b.size() - 1) return false;
  }
  return false;
}

}  // namespace

int natural_compare(std::string_view a, std::string_view b) {
  // Prometheus only asks natsort about different values and orders by its
  // answer alone.
  if (a == b) return 0;
  return natural_less(a, b) ? -1 : 1;
}

}  // namespace vigil::promql::kernels
