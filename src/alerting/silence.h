#pragma once
// One silence as Alertmanager 0.25 keeps it: matchers that pick the alerts it
// mutes, the time range it mutes them for, who made it and why. Its state
// (pending, active, expired) follows from the time alone.

#include <string>
#include <string_view>
#include <vector>

#include "alerting/alert.h"
#include "alerting/matcher.h"
#include "core/error.h"

namespace vigil::alerting {

enum class SilenceState { active, pending, expired };

// "active", "pending", "expired".
const char* to_string(SilenceState state);

struct Silence {
  std::string id;  // UUID v4 text; empty for a silence not yet created
  Matchers matchers;
  TimePoint starts_at{};
  TimePoint ends_at{};
  TimePoint updated_at{};
  std::string created_by;
  std::string comment;

  // Pending before starts_at, expired after ends_at, active in between (both
  // ends included), as Alertmanager's getState.
  SilenceState state_at(TimePoint now) const;

  friend bool operator==(const Silence&, const Silence&) = default;
};

// A matcher as a client sends it, not yet checked.
struct MatcherSpec {
  MatchType type = MatchType::equal;
  std::string name;
  std::string value;
};

// Alertmanager's checks of a silence's matchers, with its messages: at least
// one matcher, valid label names (the legacy [a-zA-Z_][a-zA-Z0-9_]*), values
// that are valid UTF-8, regexes that compile, and not every matcher matching
// the empty string ("at least one matcher must not match the empty string").
// A bad matcher is named by its index:
// "invalid label matcher 1: invalid label name \"a b\"".
Result<Matchers> make_silence_matchers(const std::vector<MatcherSpec>& specs);

}  // namespace vigil::alerting
