// load(): the layers in order of precedence, lowest first: built-in
// defaults, the profile's defaults, the file, the environment, the flags.

#include "config/loader.h"

#include <unistd.h>

#include <exception>
#include <new>
#include <string_view>

#include "config/draft.h"
#include "config/overrides.h"
#include "config/profiles.h"
#include "config/relations.h"
#include "config/yaml_decoder.h"
#include "config/yaml_file.h"

namespace vigil::config {
namespace {

struct ProfileChoice {
  std::string name;
  Where where;  // "flag --profile", "env VIGIL_PROFILE", "file:line"
};

// The profile named in the file, when there is one.
std::optional<ProfileChoice> profile_in_file(const YAML::Node& root, std::string_view file, Problems& problems) {
  if (!root.IsMap()) return std::nullopt;
  std::optional<ProfileChoice> choice;
  for (const auto& entry : root) {
    if (!entry.first.IsScalar() || entry.first.Scalar() != kProfileKey) continue;
    if (entry.second.IsNull()) continue;
    if (!entry.second.IsScalar()) {
      problems.add(file_position(file, entry.second.Mark()), std::string(kProfileKey),
                   "expected one of " + profile_names() + ", got a " + (entry.second.IsMap() ? "map" : "list"));
      continue;
    }
    choice = ProfileChoice{entry.second.Scalar(), file_position(file, entry.second.Mark())};
  }
  return choice;
}

std::optional<Profile> checked_profile(const ProfileChoice& choice, Problems& problems) {
  auto profile = parse_profile(choice.name);
  if (!profile) {
    problems.add(choice.where, std::string(kProfileKey),
                 "unknown profile " + quoted(choice.name) + "; valid profiles: " + profile_names());
  }
  return profile;
}

// The --profile option, else VIGIL_PROFILE, else `profile:` in the file,
// else production. A profile named in the file is checked even when a
// higher layer overrides it, because the file is wrong either way.
Profile choose_profile(const LoadOptions& options, const YAML::Node& root, std::string_view file, Problems& problems) {
  std::optional<ProfileChoice> choice;
  if (options.profile) {
    choice = ProfileChoice{*options.profile, Where("flag --profile")};
  } else if (auto env = options.env.find("VIGIL_PROFILE"); env != options.env.end() && !env->second.empty()) {
    choice = ProfileChoice{env->second, Where("env VIGIL_PROFILE")};
  }
  auto from_file = profile_in_file(root, file, problems);
  if (from_file && choice) checked_profile(*from_file, problems);
  if (!choice) choice = from_file;
  if (!choice) return Profile::production;
  return checked_profile(*choice, problems).value_or(Profile::production);
}

void apply_profile(Profile profile, Draft& draft) {
  const std::string where = "profile " + std::string(to_string(profile));
  for (const auto& p : profiles()) {
    if (p.profile != profile) continue;
    for (const auto& [path, value] : p.settings) {
      if (const Leaf* leaf = find_leaf(path)) draft.set_scalar(*leaf, value, where);
    }
  }
}

// Sections missing from the file get an empty value of their shape, so
// their consumers can iterate them without checking for null.
void fill_missing_sections(Config& config) {
  for (const auto& section : raw_sections()) {
    auto node = section.read(config);  // none for an Alertmanager key not written inline
    if (node && node->IsNull()) {
      section.store(config,
                    YAML::Node(section.shape == NodeShape::sequence ? YAML::NodeType::Sequence : YAML::NodeType::Map));
    }
  }
  if (config.alerting.inline_config.IsNull()) config.alerting.inline_config = YAML::Node(YAML::NodeType::Map);
}

Result<Config> build(const LoadOptions& options) {
  YAML::Node root;
  if (options.file) {
    auto document = read_yaml_file(*options.file);
    if (!document) return std::unexpected(document.error());
    root = *document;
  }
  const std::string file = options.file.value_or("");
  Draft draft;
  draft.config.source = file;
  draft.config.profile = choose_profile(options, root, file, draft.problems);
  apply_profile(draft.config.profile, draft);
  decode_document(root, file, draft);
  // The file is checked in passes (profile, duplicate keys, values); the
  // report lists its problems in file order.
  draft.problems.sort_by_line(0);
  apply_environment(options.env, draft);
  apply_flags(options.flags, draft);
  check_relations(draft);
  if (!draft.problems.empty()) return std::unexpected(draft.problems.to_error());
  fill_missing_sections(draft.config);
  return std::move(draft.config);
}

}  // namespace

Result<Config> load(const LoadOptions& options) {
  // The module's edge: whatever yaml-cpp or the library throws becomes an Error.
  try {
    return build(options);
  } catch (const std::bad_alloc&) {
    return std::unexpected(make_error(ErrorKind::internal, "out of memory while loading the configuration"));
  } catch (const std::exception& e) {
    return std::unexpected(
        make_error(ErrorKind::invalid_config, std::string("cannot load the configuration: ") + e.what()));
  } catch (...) {
    return std::unexpected(make_error(ErrorKind::internal, "unknown exception while loading the configuration"));
  }
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    env.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return env;
}

}  // namespace vigil::config
