#include "alerting/silences.h"

#include <algorithm>

#include "alerting/silence_snapshot.h"
#include "core/durable_file.h"
#include "core/uuid.h"

namespace vigil::alerting {
namespace {

Error not_found() { return make_error(ErrorKind::not_found, "silence not found"); }

Error bad_request(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

int64_t unix_seconds(TimePoint t) { return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count(); }

// Alertmanager's canUpdate: whether `next` may replace `prev` under the same
// id without rewriting what was silenced in the past.
bool can_update(const Silence& prev, const Silence& next, TimePoint now) {
  if (prev.matchers != next.matchers) return false;
  switch (prev.state_at(now)) {
    case SilenceState::active:
      return unix_seconds(next.starts_at) == unix_seconds(prev.starts_at) && next.ends_at >= now;
    case SilenceState::pending:
      return next.starts_at >= now;
    case SilenceState::expired:
      return false;
  }
  return false;
}

// Ends a silence at `now`; false when it had already ended.
bool end_now(Silence& silence, TimePoint now) {
  switch (silence.state_at(now)) {
    case SilenceState::expired:
      return false;
    case SilenceState::active:
      silence.ends_at = now;
      break;
    case SilenceState::pending:
      silence.starts_at = now;
      silence.ends_at = now;
      break;
  }
  silence.updated_at = now;
  return true;
}

// Alertmanager's API filter: each filter matcher is one of the silence's own.
bool has_all(const Silence& silence, const Matchers& filter) {
  return std::all_of(filter.begin(), filter.end(), [&](const Matcher& f) {
    return std::find(silence.matchers.begin(), silence.matchers.end(), f) != silence.matchers.end();
  });
}

int state_rank(SilenceState state) {
  switch (state) {
    case SilenceState::active:
      return 0;
    case SilenceState::pending:
      return 1;
    case SilenceState::expired:
      return 2;
  }
  return 0;
}

}  // namespace

Silences::Silences(SilencesOptions options) : options_(std::move(options)) {
  clock_ = options_.clock ? options_.clock : [] { return std::chrono::system_clock::now(); };
}

Result<std::unique_ptr<Silences>> Silences::open(SilencesOptions options) {
  std::unique_ptr<Silences> silences(new Silences(std::move(options)));
  const auto& path = silences->options_.snapshot_file;
  if (path.empty()) return silences;
  auto bytes = read_whole_file(path);
  if (!bytes) {
    if (bytes.error().kind == ErrorKind::not_found) return silences;
    return std::unexpected(bytes.error());
  }
  auto loaded = decode_silence_snapshot(*bytes, path.string());
  if (!loaded) return std::unexpected(loaded.error());
  for (Silence& silence : *loaded) {
    std::string id = silence.id;
    silences->state_.insert_or_assign(std::move(id), std::move(silence));
  }
  silences->drop_retired(silences->state_, silences->now());
  return silences;
}

size_t Silences::drop_retired(State& state, TimePoint now) const {
  // ends_at may be TimePoint::max(): subtract from now rather than add to it.
  const TimePoint cutoff = now - options_.retention;
  return std::erase_if(state, [&](const auto& entry) { return entry.second.ends_at < cutoff; });
}

Result<void> Silences::commit(State next) {
  if (!options_.snapshot_file.empty()) {
    std::vector<Silence> all;
    all.reserve(next.size());
    for (const auto& [id, silence] : next) all.push_back(silence);
    if (auto written = replace_file_durably(options_.snapshot_file, encode_silence_snapshot(all)); !written) {
      return std::unexpected(written.error());
    }
  }
  state_ = std::move(next);
  ++version_;
  return {};
}

Result<std::string> Silences::set(const PostableSilence& posted) {
  const TimePoint now = clock_();
  if (posted.starts_at >= posted.ends_at) {
    return std::unexpected(bad_request("Failed to create silence: start time must be before end time"));
  }
  if (posted.ends_at < now) {
    return std::unexpected(bad_request("Failed to create silence: end time can't be in the past"));
  }
  std::lock_guard lock(mutex_);
  const Silence* prev = nullptr;
  if (!posted.id.empty()) {
    auto it = state_.find(posted.id);
    if (it == state_.end()) return std::unexpected(not_found());
    prev = &it->second;
  }
  auto matchers = make_silence_matchers(posted.matchers);
  if (!matchers) return std::unexpected(bad_request("silence invalid: " + matchers.error().message));

  Silence silence{.id = posted.id,
                  .matchers = std::move(*matchers),
                  .starts_at = posted.starts_at,
                  .ends_at = posted.ends_at,
                  .updated_at = now,
                  .created_by = posted.created_by,
                  .comment = posted.comment};
  State next = state_;
  if (prev == nullptr || !can_update(*prev, silence, now)) {
    if (prev != nullptr) end_now(next.at(prev->id), now);
    silence.id = new_uuid_v4();
    silence.starts_at = std::max(silence.starts_at, now);
  }
  std::string id = silence.id;
  next.insert_or_assign(id, std::move(silence));
  drop_retired(next, now);
  if (auto committed = commit(std::move(next)); !committed) return std::unexpected(committed.error());
  return id;
}

Result<void> Silences::expire(std::string_view id) {
  const TimePoint now = clock_();
  std::lock_guard lock(mutex_);
  auto it = state_.find(id);
  if (it == state_.end()) return std::unexpected(not_found());
  if (it->second.state_at(now) == SilenceState::expired) return {};
  State next = state_;
  end_now(next.find(id)->second, now);
  drop_retired(next, now);
  return commit(std::move(next));
}

Result<Silence> Silences::get(std::string_view id) const {
  std::lock_guard lock(mutex_);
  auto it = state_.find(id);
  if (it == state_.end()) return std::unexpected(not_found());
  return it->second;
}

std::vector<Silence> Silences::list(const Matchers& filter, TimePoint now) const {
  std::vector<Silence> out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, silence] : state_) {
      if (has_all(silence, filter)) out.push_back(silence);
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const Silence& a, const Silence& b) {
    const SilenceState sa = a.state_at(now);
    const SilenceState sb = b.state_at(now);
    if (sa != sb) return state_rank(sa) < state_rank(sb);
    switch (sa) {
      case SilenceState::active:
        return a.ends_at < b.ends_at;
      case SilenceState::pending:
        return a.starts_at < b.starts_at;
      case SilenceState::expired:
        return a.ends_at > b.ends_at;
    }
    return false;
  });
  return out;
}

std::vector<std::string> Silences::mutes(const Labels& labels, TimePoint now) const {
  std::lock_guard lock(mutex_);
  if (!index_.built_for(version_)) {
    std::vector<Silence> all;
    all.reserve(state_.size());
    for (const auto& [id, silence] : state_) all.push_back(silence);
    index_.rebuild(std::move(all), version_);
  }
  return index_.active_matching(labels, now);
}

Result<size_t> Silences::collect_garbage() {
  const TimePoint now = clock_();
  std::lock_guard lock(mutex_);
  State next = state_;
  const size_t dropped = drop_retired(next, now);
  if (dropped == 0) return 0;
  if (auto committed = commit(std::move(next)); !committed) return std::unexpected(committed.error());
  return dropped;
}

uint64_t Silences::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

}  // namespace vigil::alerting
