#include "alerting/silence_match_index.h"

#include <algorithm>

namespace vigil::alerting {
namespace {

// Past this many cached label sets the cache starts over, so that alerts
// that come and go cannot grow it without bound.
constexpr size_t kMaxCachedLabelSets = 1 << 18;

// The matcher a silence is filed under: an equality one with a non-empty
// value, which only alerts with that label value can match.
const Matcher* filing_matcher(const Silence& silence) {
  for (const Matcher& m : silence.matchers) {
    if (m.type() == MatchType::equal && !m.value().empty()) return &m;
  }
  return nullptr;
}

}  // namespace

void SilenceMatchIndex::rebuild(std::vector<Silence> silences, uint64_t version) {
  silences_ = std::move(silences);
  by_equal_matcher_.clear();
  unfiled_.clear();
  cache_.clear();
  for (uint32_t i = 0; i < silences_.size(); ++i) {
    if (const Matcher* m = filing_matcher(silences_[i])) {
      by_equal_matcher_[m->name()][m->value()].push_back(i);
    } else {
      unfiled_.push_back(i);
    }
  }
  version_ = version;
}

std::vector<uint32_t> SilenceMatchIndex::matching(const Labels& labels) const {
  std::vector<uint32_t> found;
  const auto check = [&](uint32_t i) {
    if (matches_all(silences_[i].matchers, labels)) found.push_back(i);
  };
  for (const auto& [name, value] : labels) {
    auto by_name = by_equal_matcher_.find(name);
    if (by_name == by_equal_matcher_.end()) continue;
    auto by_value = by_name->second.find(value);
    if (by_value == by_name->second.end()) continue;
    for (uint32_t i : by_value->second) check(i);
  }
  for (uint32_t i : unfiled_) check(i);
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<std::string> SilenceMatchIndex::active_matching(const Labels& labels, TimePoint now) {
  const uint64_t key = fingerprint(labels);
  auto cached = cache_.find(key);
  if (cached == cache_.end()) {
    if (cache_.size() >= kMaxCachedLabelSets) cache_.clear();
    cached = cache_.emplace(key, matching(labels)).first;
  }
  std::vector<std::string> ids;
  for (uint32_t i : cached->second) {
    if (silences_[i].state_at(now) == SilenceState::active) ids.push_back(silences_[i].id);
  }
  return ids;
}

}  // namespace vigil::alerting
