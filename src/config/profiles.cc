#include "config/profiles.h"

#include <string>

#include "config/loader.h"

namespace vigil::config {

const std::vector<ProfileDefaults>& profiles() {
  static const std::vector<ProfileDefaults> table = {
      {Profile::development, {{"server.log.level", "debug"}, {"server.shutdown_timeout", "5s"}}},
      {Profile::production, {}},
      {Profile::testing,
       {{"server.log.level", "warn"},
        {"server.shutdown_timeout", "5s"},
        {"server.read_timeout", "10s"},
        {"storage.retention.time", "1d"}}},
  };
  return table;
}

std::optional<Profile> parse_profile(std::string_view name) {
  for (const auto& p : profiles()) {
    if (to_string(p.profile) == name) return p.profile;
  }
  return std::nullopt;
}

std::string profile_names() {
  std::string names;
  for (const auto& p : profiles()) {
    if (!names.empty()) names += ", ";
    names += to_string(p.profile);
  }
  return names;
}

std::string_view to_string(Profile profile) noexcept {
  switch (profile) {
    case Profile::development:
      return "development";
    case Profile::production:
      return "production";
    case Profile::testing:
      return "testing";
  }
  return "unknown";
}

}  // namespace vigil::config
