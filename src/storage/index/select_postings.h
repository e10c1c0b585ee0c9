#pragma once
// Selection of series by matchers over an inverted index, shared by the
// head's PostingsIndex and the blocks' indexes so that both answer every
// query identically, including Prometheus's rule that a matcher matching the
// empty string also selects series without the label.

#include <algorithm>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

#include "storage/index/matcher.h"

namespace vigil::storage::index {

template <class Id>
std::vector<Id> intersect_postings(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

template <class Id>
std::vector<Id> subtract_postings(const std::vector<Id>& a, const std::vector<Id>& b) {
  std::vector<Id> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// The sorted union of sorted lists. Concatenating and sorting once keeps a
// regex over many values (instance=~".+") at O(n log n) rather than merging
// list by list.
template <class Id>
std::vector<Id> union_postings(std::span<const std::span<const Id>> lists) {
  if (lists.size() == 1) return {lists[0].begin(), lists[0].end()};
  std::vector<Id> out;
  size_t total = 0;
  for (const auto& list : lists) total += list.size();
  out.reserve(total);
  for (const auto& list : lists) out.insert(out.end(), list.begin(), list.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Ids of the series matching every matcher, ascending. No matchers select
// nothing. The index is reached through three callables:
//   equal(name, value) -> std::vector<Id>: the postings of one label pair;
//   matching(name, keep) -> std::vector<Id>: the union of the postings of the
//       values v of `name` for which keep(std::string_view v) holds;
//   all() -> std::vector<Id>: every series.
template <class Id, class Equal, class Matching, class All>
std::vector<Id> select_postings(std::span<const Matcher> matchers, Equal&& equal, Matching&& matching, All&& all) {
  // Matchers that select by presence narrow the set; those that match the
  // empty string remove the series whose value they reject (series without
  // the label stay, since "" matches).
  std::vector<const Matcher*> narrowing, widening;
  for (const auto& m : matchers) (m.matches_empty() ? widening : narrowing).push_back(&m);
  if (narrowing.empty() && widening.empty()) return {};

  std::vector<Id> result;
  bool started = false;
  for (const Matcher* m : narrowing) {
    std::vector<Id> ids = m->type() == Matcher::Type::equal
                              ? equal(m->name(), m->value())
                              : matching(m->name(), [&](std::string_view v) { return m->matches(v); });
    result = started ? intersect_postings(result, ids) : std::move(ids);
    started = true;
    if (result.empty()) return result;
  }
  if (!started) result = all();
  for (const Matcher* m : widening) {
    // Series whose (non-empty) value this matcher rejects.
    result = subtract_postings(result, matching(m->name(), [&](std::string_view v) { return !m->matches(v); }));
  }
  return result;
}

}  // namespace vigil::storage::index
