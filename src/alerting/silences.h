#pragma once
// The silences of one Vigil, kept as Alertmanager 0.25 keeps them: created,
// updated in place where that leaves history intact (else the old silence is
// expired and a new one made), expired, listed, and dropped a retention after
// they end. Every change is written to the snapshot file, and synced, before
// the call returns. Thread-safe.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "alerting/silence.h"
#include "alerting/silence_match_index.h"
#include "core/error.h"

namespace vigil::alerting {

// A silence as a client posts it: with an id to update that silence, without
// one to create a new silence.
struct PostableSilence {
  std::string id;
  std::vector<MatcherSpec> matchers;
  TimePoint starts_at{};
  TimePoint ends_at{};
  std::string created_by;
  std::string comment;
};

struct SilencesOptions {
  // Where silences persist; empty keeps them in memory only (tests).
  std::filesystem::path snapshot_file;
  // How long an expired silence is kept after its end (--data.retention).
  std::chrono::nanoseconds retention = std::chrono::hours(120);
  // The time; system_clock::now when empty.
  std::function<TimePoint()> clock;
};

class Silences {
 public:
  // Loads the snapshot file when it exists. A damaged file is an error
  // (ErrorKind::corruption naming the file and the byte offset) and is left
  // untouched: as Alertmanager, Vigil then refuses to start rather than drop
  // silences that someone relies on.
  static Result<std::unique_ptr<Silences>> open(SilencesOptions options);

  // Creates or updates a silence and returns its id (a new id when the
  // update may not happen in place). Errors carry Alertmanager's API text:
  //   invalid_argument "Failed to create silence: start time must be before end time"
  //   invalid_argument "Failed to create silence: end time can't be in the past"
  //   not_found        "silence not found" (an id that is not known)
  //   invalid_argument "silence invalid: <make_silence_matchers' reason>"
  //   io               the snapshot could not be written (nothing changed)
  Result<std::string> set(const PostableSilence& posted);

  // Ends a silence now: an active one ends now, a pending one starts and ends
  // now; an expired one is left as it is (Alertmanager 0.25 answers success).
  // not_found "silence not found" for an unknown id.
  Result<void> expire(std::string_view id);

  // not_found "silence not found".
  Result<Silence> get(std::string_view id) const;

  // The silences that have, for every filter matcher, a matcher with the
  // same name, type and value (Alertmanager's API filter), ordered as its API
  // lists them at `now`: active by end, then pending by start, then expired
  // by end, latest first.
  std::vector<Silence> list(const Matchers& filter, TimePoint now) const;

  // Ids of the silences active at `now` whose matchers all match `labels`,
  // in id order. Cached per label-set fingerprint until the silences change.
  std::vector<std::string> mutes(const Labels& labels, TimePoint now) const;

  // Drops silences that ended more than the retention ago; returns how many.
  // Changes also collect, so a periodic call only matters when idle.
  Result<size_t> collect_garbage();

  // Bumped by every change.
  uint64_t version() const;
  TimePoint now() const { return clock_(); }

 private:
  using State = std::map<std::string, Silence, std::less<>>;

  explicit Silences(SilencesOptions options);
  size_t drop_retired(State& state, TimePoint now) const;
  // Writes `next` durably, then makes it the state.
  Result<void> commit(State next);

  SilencesOptions options_;
  std::function<TimePoint()> clock_;
  mutable std::mutex mutex_;
  State state_;
  uint64_t version_ = 0;
  mutable SilenceMatchIndex index_;  // rebuilt lazily when version_ moves on
};

}  // namespace vigil::alerting
