#pragma once
// Alertmanager's label matchers (`=`, `!=`, `=~`, `!~`) as routes, inhibition
// rules and silences use them, with Alertmanager 0.25's parser for the
// `matchers:` syntax and its printed forms, which are part of route keys.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alerting/labels.h"
#include "core/error.h"

namespace re2 {
class RE2;
}

namespace vigil::alerting {

// In Alertmanager's order, which breaks ties when matchers are sorted.
enum class MatchType { equal, not_equal, regexp, not_regexp };

// "=", "!=", "=~", "!~".
const char* to_string(MatchType type);

class Matcher {
 public:
  // A regular expression is Go RE2 syntax, anchored at both ends; a bad one
  // is an invalid_argument error worded as Alertmanager's.
  static Result<Matcher> make(MatchType type, std::string name, std::string value);

  MatchType type() const { return type_; }
  const std::string& name() const { return name_; }
  const std::string& value() const { return value_; }

  bool matches(std::string_view value) const;
  // An absent label matches as the empty value.
  bool matches(const Labels& labels) const { return matches(label_value(labels, name_)); }

  // name, operator, and the value in double quotes with \\, \n and \"
  // escaped: env=~"prod|staging".
  std::string to_string() const;

  // Alertmanager's sort order: by name, then value, then type.
  friend bool operator<(const Matcher& a, const Matcher& b);
  friend bool operator==(const Matcher& a, const Matcher& b) {
    return a.type_ == b.type_ && a.name_ == b.name_ && a.value_ == b.value_;
  }

 private:
  Matcher(MatchType type, std::string name, std::string value, std::shared_ptr<const re2::RE2> regex)
      : type_(type), name_(std::move(name)), value_(std::move(value)), regex_(std::move(regex)) {}

  MatchType type_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> regex_;  // set for the two regex types
};

using Matchers = std::vector<Matcher>;

// True when every matcher matches (so an empty list matches everything).
bool matches_all(const Matchers& matchers, const Labels& labels);

// The list in braces, comma-separated, in its order: {env="prod",team=~"a.*"}.
std::string matchers_text(const Matchers& matchers);

// One matcher: `name op value`, the value optionally double-quoted with
// OpenMetrics escapes, whitespace around each part ignored.
Result<Matcher> parse_matcher(std::string_view text);

// A comma-separated list of matchers, optionally in braces, commas inside
// quoted values not separating (Alertmanager 0.25's ParseMatchers).
Result<Matchers> parse_matchers(std::string_view text);

}  // namespace vigil::alerting
