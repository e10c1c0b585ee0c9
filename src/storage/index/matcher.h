#pragma once
// A label matcher as PromQL writes it: name = "v", != "v", =~ "re", !~ "re".
// Regular expressions are RE2 (linear time: no ReDoS) and fully anchored, with
// '.' matching newlines, as Prometheus compiles them: ^(?s:re)$.

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace re2 {
class RE2;
}

namespace vigil::storage::index {

class Matcher {
 public:
  enum class Type { equal, not_equal, regex, not_regex };

  // Fails for a regular expression RE2 rejects, with RE2's reason.
  static Result<Matcher> make(Type type, std::string name, std::string value);

  bool matches(std::string_view value) const;

  Type type() const noexcept { return type_; }
  const std::string& name() const noexcept { return name_; }
  const std::string& value() const noexcept { return value_; }
  // `job=""`, `job!="x"`, `job=~".*"`: such a matcher also selects series
  // that lack the label entirely.
  bool matches_empty() const { return matches(""); }

  std::string to_string() const;  // job=~"a|b"

 private:
  Matcher(Type type, std::string name, std::string value, std::shared_ptr<const re2::RE2> re)
      : type_(type), name_(std::move(name)), value_(std::move(value)), re_(std::move(re)) {}

  Type type_;
  std::string name_;
  std::string value_;
  std::shared_ptr<const re2::RE2> re_;  // shared: matchers are copied into queries
};

}  // namespace vigil::storage::index
