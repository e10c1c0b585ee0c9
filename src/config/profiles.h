#pragma once
// Profiles: named sets of defaults that sit between the built-in defaults and
// the file. production is the built-in defaults unchanged.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"

namespace vigil::config {

// The top-level key that names the profile in a file.
inline constexpr std::string_view kProfileKey = "profile";

struct ProfileDefaults {
  Profile profile;
  // (key path, value) pairs, applied through the schema like file values.
  std::vector<std::pair<std::string_view, std::string_view>> settings;
};

// Every profile, in the order error messages list them. to_string(Profile)
// in loader.h gives the names.
const std::vector<ProfileDefaults>& profiles();
std::optional<Profile> parse_profile(std::string_view name);
// "development, production, testing", for error messages.
std::string profile_names();

}  // namespace vigil::config
