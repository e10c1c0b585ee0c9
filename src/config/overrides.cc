#include "config/overrides.h"

#include <optional>
#include <string_view>
#include <vector>

#include "config/schema.h"
#include "config/suggest.h"

namespace vigil::config {
namespace {

constexpr std::string_view kEnvPrefix = "VIGIL_";

// True for VIGIL_SERVER and VIGIL_SERVER_..., for each top-level section.
bool in_known_section(std::string_view name) {
  for (auto section : top_level_sections()) {
    const std::string section_name = env_name(section);
    if (name == section_name || (name.starts_with(section_name) && name[section_name.size()] == '_')) return true;
  }
  return false;
}

std::vector<std::string> scalar_env_names() {
  std::vector<std::string> names;
  for (const auto& leaf : leaves()) {
    if (leaf.is_scalar()) names.push_back(env_name(leaf.path));
  }
  return names;
}

// The key a variable names when only lists, maps or YAML sections have that
// name: those are set in the file.
std::optional<std::string_view> unsettable_key(std::string_view name) {
  for (const auto& leaf : leaves()) {
    if (!leaf.is_scalar() && env_name(leaf.path) == name) return leaf.path;
  }
  for (const auto& section : raw_sections()) {
    if (env_name(section.path) == name) return section.path;
  }
  return std::nullopt;
}

void apply_variable(const std::string& name, const std::string& value, Draft& draft) {
  const std::string where = "env " + name;
  for (const auto& leaf : leaves()) {
    if (leaf.is_scalar() && env_name(leaf.path) == name) {
      draft.set_scalar(leaf, value, where);
      return;
    }
  }
  if (auto key = unsettable_key(name)) {
    draft.problems.add(where, std::string(*key),
                       "only single values can be set from the environment; set this one in the file");
    return;
  }
  const auto names = scalar_env_names();
  draft.problems.add(where, "",
                     "unknown override: no configuration key has this name" +
                         did_you_mean(name, std::vector<std::string_view>(names.begin(), names.end())));
}

}  // namespace

void apply_environment(const std::map<std::string, std::string>& env, Draft& draft) {
  for (const auto& [name, value] : env) {
    if (!name.starts_with(kEnvPrefix) || !in_known_section(name)) continue;
    apply_variable(name, value, draft);
  }
}

void apply_flags(const FlagOverrides& flags, Draft& draft) {
  struct Flag {
    std::string_view name;
    std::string_view path;
    const std::optional<std::string>& value;
  };
  const Flag table[] = {
      {"--listen", "server.listen", flags.listen},
      {"--data", "storage.path", flags.data},
      {"--enable-admin-api", "server.admin_api", flags.admin_api},
      {"--query.timeout", "query.timeout", flags.query_timeout},
      {"--query.max-concurrency", "query.max_concurrency", flags.query_max_concurrency},
      {"--query.max-samples", "query.max_samples", flags.query_max_samples},
      {"--query.lookback-delta", "query.lookback_delta", flags.query_lookback_delta},
  };
  for (const auto& flag : table) {
    if (!flag.value) continue;
    if (const Leaf* leaf = find_leaf(flag.path)) draft.set_scalar(*leaf, *flag.value, "flag " + std::string(flag.name));
  }
}

}  // namespace vigil::config
