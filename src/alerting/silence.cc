#include "alerting/silence.h"

#include "core/go_text.h"

namespace vigil::alerting {
namespace {

// Matcher::make compiles the anchored ^(?:value)$ and quotes that in some
// errors; Alertmanager checks a silence's regex as written and quotes it so.
std::string unanchored(std::string message, const std::string& value) {
  std::string anchored = "`^(?:";
  anchored += value;
  anchored += ")$`";
  if (auto at = message.find(anchored); at != std::string::npos)
    message.replace(at, anchored.size(), "`" + value + "`");
  return message;
}

Error invalid(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

}  // namespace

const char* to_string(SilenceState state) {
  switch (state) {
    case SilenceState::active:
      return "active";
    case SilenceState::pending:
      return "pending";
    case SilenceState::expired:
      return "expired";
  }
  return "active";
}

SilenceState Silence::state_at(TimePoint now) const {
  if (now < starts_at) return SilenceState::pending;
  if (now > ends_at) return SilenceState::expired;
  return SilenceState::active;
}


Result<Matchers> make_silence_matchers(const std::vector<MatcherSpec>& specs) {
  if (specs.empty()) return std::unexpected(invalid("at least one matcher required"));
  Matchers matchers;
  matchers.reserve(specs.size());
  bool all_match_empty = true;
  for (size_t i = 0; i < specs.size(); ++i) {
    const MatcherSpec& spec = specs[i];
    std::string prefix = "invalid label matcher " + std::to_string(i) + ": ";
    if (!is_valid_label_name(spec.name)) {
      return std::unexpected(invalid(prefix + "invalid label name " + quote_go_string(spec.name)));
    }
    const bool is_regex = spec.type == MatchType::regexp || spec.type == MatchType::not_regexp;
    if (!is_regex && !is_valid_utf8(spec.value)) {
      return std::unexpected(invalid(prefix + "invalid label value " + quote_go_string(spec.value)));
    }
    auto matcher = Matcher::make(spec.type, spec.name, spec.value);
    if (!matcher) {
      prefix += "invalid regular expression " + quote_go_string(spec.value) + ": ";
      return std::unexpected(invalid(prefix + unanchored(matcher.error().message, spec.value)));
    }
    all_match_empty = all_match_empty && matcher->matches(std::string_view());
    matchers.push_back(std::move(*matcher));
  }
  if (all_match_empty) return std::unexpected(invalid("at least one matcher must not match the empty string"));
  return matchers;
}

}  // namespace vigil::alerting
