#pragma once
// The configuration being assembled layer by layer (profile, file,
// environment, flags), with where each key was last set, so that checks
// involving several keys can point at the right place.

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/problems.h"
#include "config/schema.h"

namespace vigil::config {

struct Draft {
  Config config;
  Problems problems;

  // Parses `text` into a scalar leaf; records `where` as its origin, or a
  // problem at `where`.
  void set_scalar(const Leaf& leaf, std::string_view text, const Where& where);
  void set_origin(std::string_view path, std::string where);
  // Where the key was last set; "built-in defaults" when nothing set it.
  std::string origin(std::string_view path) const;

 private:
  std::map<std::string, std::string, std::less<>> origins_;
};

}  // namespace vigil::config
