#pragma once
// The inverted index of the head: for every label name and value, the sorted
// refs of the series that carry that pair; selection by any combination of
// the four matcher kinds, with Prometheus's semantics for matchers that
// match the empty string (they also select series without the label).

#include <cstdint>
#include <map>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "storage/index/matcher.h"
#include "storage/labels/label_set.h"

namespace vigil::storage::index {

class PostingsIndex {
 public:
  void add(uint64_t ref, const LabelSet& labels);
  // Takes series out of the index in one pass per touched list (a head
  // truncation removes many at once); values and names left without series
  // disappear.
  struct Entry {
    uint64_t ref;
    LabelSet labels;
  };
  void remove(std::span<const Entry> series);

  // Refs of series matching every matcher, ascending. No matchers selects nothing
  // (PromQL requires at least one matcher that does not match the empty string).
  std::vector<uint64_t> select(std::span<const Matcher> matchers) const;

  std::vector<std::string> label_names() const;
  std::vector<std::string> label_values(const std::string& name) const;
  uint64_t num_series() const;
  // Approximate heap bytes: the maps' nodes, the strings and the lists.
  size_t memory_bytes() const;

 private:
  using Postings = std::vector<uint64_t>;
  // Union of the postings of the values of `name` that `keep` accepts.
  template <class Pred>
  Postings values_matching(const std::string& name, Pred keep) const;

  mutable std::shared_mutex mu_;
  std::map<std::string, std::map<std::string, Postings, std::less<>>, std::less<>> postings_;
  Postings all_;
};

}  // namespace vigil::storage::index
