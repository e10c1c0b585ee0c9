#include "storage/index/postings_index.h"

#include <algorithm>
#include <mutex>

#include "storage/index/select_postings.h"

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

}  // namespace

void PostingsIndex::add(uint64_t ref, const LabelSet& labels) {
  std::unique_lock lock(mu_);
  for (const auto& label : labels) insert_sorted(postings_[label.name][label.value], ref);
  insert_sorted(all_, ref);
}

void PostingsIndex::remove(std::span<const Entry> series) {
  if (series.empty()) return;
  std::unique_lock lock(mu_);
  // Refs to drop per touched list, then one sweep of each list.
  std::map<Postings*, std::vector<uint64_t>> drops;
  for (const Entry& entry : series) {
    for (const auto& label : entry.labels) {
      auto name = postings_.find(label.name);
      if (name == postings_.end()) continue;
      auto value = name->second.find(label.value);
      if (value != name->second.end()) drops[&value->second].push_back(entry.ref);
    }
    drops[&all_].push_back(entry.ref);
  }
  for (auto& [list, refs] : drops) {
    std::sort(refs.begin(), refs.end());
    std::erase_if(*list, [&](uint64_t ref) { return std::binary_search(refs.begin(), refs.end(), ref); });
    if (list != &all_ && list->capacity() > 2 * list->size()) list->shrink_to_fit();
  }
  for (auto name = postings_.begin(); name != postings_.end();) {
    std::erase_if(name->second, [](const auto& value) { return value.second.empty(); });
    name = name->second.empty() ? postings_.erase(name) : std::next(name);
  }
}

template <class Pred>
PostingsIndex::Postings PostingsIndex::values_matching(const std::string& name, Pred keep) const {
  auto it = postings_.find(name);
  if (it == postings_.end()) return {};
  std::vector<std::span<const uint64_t>> lists;
  for (const auto& [value, refs] : it->second) {
    if (keep(value)) lists.push_back(refs);
  }
  return union_postings<uint64_t>(lists);
}

std::vector<uint64_t> PostingsIndex::select(std::span<const Matcher> matchers) const {
  std::shared_lock lock(mu_);
  return select_postings<uint64_t>(
      matchers,
      [&](const std::string& name, const std::string& value) -> Postings {
        auto it = postings_.find(name);
        if (it == postings_.end()) return {};
        auto refs = it->second.find(value);
        return refs == it->second.end() ? Postings{} : refs->second;
      },
      [&](const std::string& name, auto keep) { return values_matching(name, keep); }, [&] { return all_; });
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

size_t PostingsIndex::memory_bytes() const {
  // A red-black tree node: three pointers and the colour before the pair.
  constexpr size_t kNodeBytes = 32;
  auto string_bytes = [](const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; };
  std::shared_lock lock(mu_);
  size_t total = all_.capacity() * sizeof(uint64_t);
  for (const auto& [name, values] : postings_) {
    total += kNodeBytes + sizeof(name) + sizeof(values) + string_bytes(name);
    for (const auto& [value, refs] : values) {
      total += kNodeBytes + sizeof(value) + sizeof(refs) + string_bytes(value) + refs.capacity() * sizeof(uint64_t);
    }
  }
  return total;
}

}  // namespace vigil::storage::index
