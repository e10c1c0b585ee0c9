#include "ingest/scrape/relabel.h"

#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/core.h>

#include "core/go_text.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::scrape {
namespace {

constexpr std::array<std::pair<std::string_view, RelabelAction>, 11> kActions{{
    {"replace", RelabelAction::replace},
    {"keep", RelabelAction::keep},
    {"drop", RelabelAction::drop},
    {"keepequal", RelabelAction::keepequal},
    {"dropequal", RelabelAction::dropequal},
    {"hashmod", RelabelAction::hashmod},
    {"labelmap", RelabelAction::labelmap},
    {"labeldrop", RelabelAction::labeldrop},
    {"labelkeep", RelabelAction::labelkeep},
    {"lowercase", RelabelAction::lowercase},
    {"uppercase", RelabelAction::uppercase},
}};

// Prometheus's pattern for a target label that may hold $-references:
// ^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$
bool is_label_name_template(std::string_view text) {
  static const re2::RE2 pattern(R"(^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$)");
  return re2::RE2::FullMatch(text, pattern);
}

// Go's regexp.Expand of `templ` over one match, appended to `out`.
void expand(std::string& out, std::string_view templ, const re2::RE2& regex, std::span<const re2::StringPiece> groups) {
  out += expand_go_template(
      templ, [&](std::string_view name) { return go_group_text(name, groups, regex.NamedCapturingGroups()); });
}

// Matches `text` against the (anchored) regex, filling every group.
bool match_groups(const re2::RE2& regex, std::string_view text, std::vector<re2::StringPiece>& groups) {
  groups.assign(static_cast<size_t>(regex.NumberOfCapturingGroups()) + 1, re2::StringPiece());
  return regex.Match(text, 0, text.size(), re2::RE2::ANCHOR_BOTH, groups.data(), static_cast<int>(groups.size()));
}

// The low 64 bits of the value's MD5, big-endian, as Prometheus takes them.
uint64_t md5_low64(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr);
  uint64_t value = 0;
  for (unsigned int i = length - 8; i < length; ++i) value = (value << 8) | digest[i];
  return value;
}

std::string change_case(std::string_view text, bool upper) {
  std::string out(text);
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

Result<RelabelAction> parse_relabel_action(std::string_view name) {
  for (const auto& [spelling, action] : kActions) {
    // Prometheus reads the action case-insensitively.
    if (spelling.size() == name.size() &&
        std::equal(name.begin(), name.end(), spelling.begin(), [](char a, char b) { return (a | 0x20) == b; })) {
      return action;
    }
  }
  return std::unexpected(make_error(
      ErrorKind::invalid_config,
      fmt::format("unknown relabel action \"{}\" (one of replace, keep, drop, keepequal, dropequal, hashmod, "
                  "labelmap, labeldrop, labelkeep, lowercase, uppercase)",
                  name)));
}

const char* to_string(RelabelAction action) noexcept {
  for (const auto& [spelling, value] : kActions) {
    if (value == action) return spelling.data();
  }
  return "replace";
}

Result<RelabelRule> RelabelRule::compile(RelabelConfig config) {
  const RelabelConfig defaults;
  const RelabelAction action = config.action;
  const std::string name = to_string(action);
  auto invalid = [&](const std::string& why) { return std::unexpected(make_error(ErrorKind::invalid_config, why)); };
  const bool needs_target = action == RelabelAction::replace || action == RelabelAction::hashmod ||
                            action == RelabelAction::lowercase || action == RelabelAction::uppercase ||
                            action == RelabelAction::keepequal || action == RelabelAction::dropequal;
  const bool plain_target = action == RelabelAction::hashmod || action == RelabelAction::lowercase ||
                            action == RelabelAction::uppercase || action == RelabelAction::keepequal ||
                            action == RelabelAction::dropequal;
  if (action == RelabelAction::hashmod && config.modulus == 0) {
    return invalid("relabel configuration for hashmod requires non-zero modulus");
  }
  if (needs_target && config.target_label.empty()) {
    return invalid(fmt::format("relabel configuration for {} action requires 'target_label' value", name));
  }
  if (needs_target && !storage::is_valid_label_name(config.target_label) &&
      (plain_target || !is_label_name_template(config.target_label))) {
    return invalid(fmt::format("\"{}\" is invalid 'target_label' for {} action", config.target_label, name));
  }
  if ((action == RelabelAction::lowercase || action == RelabelAction::uppercase) &&
      config.replacement != defaults.replacement) {
    return invalid(fmt::format("'replacement' can not be set for {} action", name));
  }
  if (action == RelabelAction::labelmap && !is_label_name_template(config.replacement)) {
    return invalid(fmt::format("\"{}\" is invalid 'replacement' for {} action", config.replacement, name));
  }
  if ((action == RelabelAction::keepequal || action == RelabelAction::dropequal) &&
      (config.regex != defaults.regex || config.modulus != defaults.modulus || config.separator != defaults.separator ||
       config.replacement != defaults.replacement)) {
    return invalid(
        fmt::format("{} action requires only 'source_labels' and 'target_label', and no other fields", name));
  }
  if ((action == RelabelAction::labeldrop || action == RelabelAction::labelkeep) &&
      (!config.source_labels.empty() || !config.target_label.empty() || config.modulus != defaults.modulus ||
       config.separator != defaults.separator || config.replacement != defaults.replacement)) {
    return invalid(fmt::format("{} action requires only 'regex', and no other fields", name));
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(true);
  auto regex = std::make_shared<const re2::RE2>("^(?:" + config.regex + ")$", options);
  if (!regex->ok()) return invalid(fmt::format("invalid regex \"{}\": {}", config.regex, regex->error()));
  return RelabelRule(std::move(config), std::move(regex));
}

std::string RelabelRule::joined_source(const storage::LabelSetBuilder& labels) const {
  std::string joined;
  for (size_t i = 0; i < config_.source_labels.size(); ++i) {
    if (i > 0) joined += config_.separator;
    joined += labels.get(config_.source_labels[i]);
  }
  return joined;
}

bool RelabelRule::apply(storage::LabelSetBuilder& labels) const {
  const re2::RE2& regex = *regex_;
  switch (config_.action) {
    case RelabelAction::drop:
      return !re2::RE2::PartialMatch(joined_source(labels), regex);
    case RelabelAction::keep:
      return re2::RE2::PartialMatch(joined_source(labels), regex);
    case RelabelAction::dropequal:
      return labels.get(config_.target_label) != joined_source(labels);
    case RelabelAction::keepequal:
      return labels.get(config_.target_label) == joined_source(labels);
    case RelabelAction::replace: {
      const std::string value = joined_source(labels);
      std::vector<re2::StringPiece> groups;
      if (!match_groups(regex, value, groups)) return true;
      std::string target;
      expand(target, config_.target_label, regex, groups);
      if (!storage::is_valid_label_name(target)) return true;
      std::string result;
      expand(result, config_.replacement, regex, groups);
      labels.set(target, result);  // an empty result deletes the label
      return true;
    }
    case RelabelAction::lowercase:
    case RelabelAction::uppercase:
      labels.set(config_.target_label, change_case(joined_source(labels), config_.action == RelabelAction::uppercase));
      return true;
    case RelabelAction::hashmod:
      labels.set(config_.target_label, std::to_string(md5_low64(joined_source(labels)) % config_.modulus));
      return true;
    case RelabelAction::labelmap: {
      // Names to add are gathered first: adding while walking would move the labels walked.
      std::vector<storage::Label> mapped;
      std::vector<re2::StringPiece> groups;
      for (const storage::Label& label : labels.current()) {
        if (!match_groups(regex, label.name, groups)) continue;
        std::string name;
        expand(name, config_.replacement, regex, groups);
        mapped.push_back({std::move(name), label.value});
      }
      for (const storage::Label& label : mapped) labels.set(label.name, label.value);
      return true;
    }
    case RelabelAction::labeldrop:
    case RelabelAction::labelkeep: {
      const bool keep = config_.action == RelabelAction::labelkeep;
      std::vector<std::string> doomed;
      for (const storage::Label& label : labels.current()) {
        if (re2::RE2::PartialMatch(label.name, regex) != keep) doomed.push_back(label.name);
      }
      for (const std::string& name : doomed) labels.del(name);
      return true;
    }
  }
  return true;
}

bool relabel(std::span<const RelabelRule> rules, storage::LabelSetBuilder& labels) {
  for (const RelabelRule& rule : rules) {
    if (!rule.apply(labels)) return false;
  }
  return true;
}

}  // namespace vigil::ingest::scrape
