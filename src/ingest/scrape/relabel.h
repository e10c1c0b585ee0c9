#pragma once
// Relabeling as Prometheus's relabel_configs and metric_relabel_configs
// define it: an ordered list of rules, each rewriting a label set or
// dropping it. Regular expressions are RE2, fully anchored, with `.`
// matching newlines; replacements expand $1, ${1}, $name and ${name} as Go's
// regexp.Expand does (so "$1_x" names a group "1_x", which is empty).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/labels/label_set_builder.h"

namespace re2 {
class RE2;
}

namespace vigil::ingest::scrape {

enum class RelabelAction {
  replace,
  keep,
  drop,
  keepequal,
  dropequal,
  hashmod,
  labelmap,
  labeldrop,
  labelkeep,
  lowercase,
  uppercase,
};
// Prometheus's spelling ("replace", "labelmap", ...), or an error listing them.
Result<RelabelAction> parse_relabel_action(std::string_view name);
const char* to_string(RelabelAction action) noexcept;

struct RelabelConfig {
  std::vector<std::string> source_labels;
  std::string separator = ";";
  std::string target_label;
  std::string regex = "(.*)";
  uint64_t modulus = 0;
  std::string replacement = "$1";
  RelabelAction action = RelabelAction::replace;
};

class RelabelRule {
 public:
  // Checks the combination as Prometheus does (a target label for replace,
  // hashmod, lowercase and uppercase; a modulus for hashmod; only a regex for
  // labeldrop and labelkeep; ...) and compiles the regex.
  static Result<RelabelRule> compile(RelabelConfig config);

  const RelabelConfig& config() const noexcept { return config_; }
  // Applies the rule; false when it drops the target.
  bool apply(storage::LabelSetBuilder& labels) const;

 private:
  RelabelRule(RelabelConfig config, std::shared_ptr<const re2::RE2> regex)
      : config_(std::move(config)), regex_(std::move(regex)) {}
  std::string joined_source(const storage::LabelSetBuilder& labels) const;

  RelabelConfig config_;
  std::shared_ptr<const re2::RE2> regex_;
};

// Applies `rules` in order; false as soon as one drops the target.
bool relabel(std::span<const RelabelRule> rules, storage::LabelSetBuilder& labels);

}  // namespace vigil::ingest::scrape
