#include "storage/index/postings_index.h"

#include <algorithm>
#include <iterator>
#include <mutex>

namespace vigil::storage::index {
namespace {

void insert_sorted(std::vector<uint64_t>& list, uint64_t ref) {
  // Refs are handed out in increasing order, so this is an append but for replay.
  if (list.empty() || list.back() < ref) {
    list.push_back(ref);
  } else if (auto it = std::lower_bound(list.begin(), list.end(), ref); it == list.end() || *it != ref) {
    list.insert(it, ref);
  }
}

std::vector<uint64_t> intersect(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<uint64_t> subtract(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

void PostingsIndex::add(uint64_t ref, const LabelSet& labels) {
  std::unique_lock lock(mu_);
  for (const auto& label : labels) insert_sorted(postings_[label.name][label.value], ref);
  insert_sorted(all_, ref);
}

template <class Pred>
PostingsIndex::Postings PostingsIndex::values_matching(const std::string& name, Pred keep) const {
  Postings out;
  auto it = postings_.find(name);
  if (it == postings_.end()) return out;
  std::vector<const Postings*> lists;
  for (const auto& [value, refs] : it->second) {
    if (keep(value)) lists.push_back(&refs);
  }
  if (lists.size() == 1) return *lists[0];
  for (const Postings* list : lists) {
    Postings merged;
    std::set_union(out.begin(), out.end(), list->begin(), list->end(), std::back_inserter(merged));
    out.swap(merged);
  }
  return out;
}

std::vector<uint64_t> PostingsIndex::select(std::span<const Matcher> matchers) const {
  std::shared_lock lock(mu_);
  // Matchers that select by presence narrow the set; those that match the
  // empty string remove the series whose value they reject (series without
  // the label stay, since "" matches).
  std::vector<const Matcher*> narrowing, widening;
  for (const auto& m : matchers) (m.matches_empty() ? widening : narrowing).push_back(&m);
  if (narrowing.empty() && widening.empty()) return {};

  std::vector<uint64_t> result;
  bool started = false;
  for (const Matcher* m : narrowing) {
    Postings refs = m->type() == Matcher::Type::equal
                        ? values_matching(m->name(), [&](const std::string& v) { return v == m->value(); })
                        : values_matching(m->name(), [&](const std::string& v) { return m->matches(v); });
    result = started ? intersect(result, refs) : std::move(refs);
    started = true;
    if (result.empty()) return result;
  }
  if (!started) result = all_;
  for (const Matcher* m : widening) {
    // Series whose (non-empty) value this matcher rejects.
    Postings rejected = values_matching(m->name(), [&](const std::string& v) { return !m->matches(v); });
    result = subtract(result, rejected);
  }
  return result;
}

std::vector<std::string> PostingsIndex::label_names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, _] : postings_) names.push_back(name);
  return names;
}

std::vector<std::string> PostingsIndex::label_values(const std::string& name) const {
  std::shared_lock lock(mu_);
  std::vector<std::string> values;
  if (auto it = postings_.find(name); it != postings_.end()) {
    for (const auto& [value, _] : it->second) values.push_back(value);
  }
  return values;
}

uint64_t PostingsIndex::num_series() const {
  std::shared_lock lock(mu_);
  return all_.size();
}

}  // namespace vigil::storage::index
