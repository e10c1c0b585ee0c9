#pragma once
// Go's regexp package as templates call it, over RE2 (Go's regexp is RE2
// syntax): compile errors worded as Go's ("error parsing regexp: missing
// closing ): `(`"), MatchString, and ReplaceAllString with $1 / ${name}
// expansion and Go's handling of empty matches.

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace re2 {
class RE2;
}

namespace vigil::tmpl {

class GoRegexp {
 public:
  static Result<GoRegexp> compile(std::string_view pattern);

  // regexp.MatchString: a match anywhere in text.
  bool match(std::string_view text) const;
  // regexp.ReplaceAllString.
  std::string replace_all(std::string_view text, std::string_view replacement) const;

 private:
  std::shared_ptr<const re2::RE2> re_;
};

// regexp.MustCompile's panic text for a bad pattern:
// "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`".
std::string go_must_compile_message(std::string_view pattern, const Error& error);

}  // namespace vigil::tmpl
