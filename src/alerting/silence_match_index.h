#pragma once
// Which silences match an alert, fast for many alerts and silences. Each
// silence is filed under one of its `name="value"` matchers (a non-empty
// value), so an alert only checks the silences filed under its own labels
// plus those without such a matcher. Results are cached per label-set
// fingerprint until the silences change, as Alertmanager's silencer caches
// them per alert with the silences' version. Not thread-safe: Silences locks.

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerting/silence.h"

namespace vigil::alerting {

class SilenceMatchIndex {
 public:
  // Replaces the silences indexed (in the order results are given) and
  // forgets the cache; `version` is the silences' version they reflect.
  void rebuild(std::vector<Silence> silences, uint64_t version);
  bool built_for(uint64_t version) const { return version_ == version; }

  // Ids of the silences active at `now` whose matchers all match `labels`.
  std::vector<std::string> active_matching(const Labels& labels, TimePoint now);

 private:
  // Positions in silences_ of those whose matchers match, whatever their state
  // (matching does not depend on time; state is checked per call).
  std::vector<uint32_t> matching(const Labels& labels) const;

  std::vector<Silence> silences_;
  std::unordered_map<std::string, std::unordered_map<std::string, std::vector<uint32_t>>> by_equal_matcher_;
  std::vector<uint32_t> unfiled_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> cache_;
  std::optional<uint64_t> version_;
};

}  // namespace vigil::alerting
