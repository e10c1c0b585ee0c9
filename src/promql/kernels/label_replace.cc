// label_replace on one label set: an anchored RE2 match and Go's template
// expansion, with Prometheus's checks and error messages.

#include <re2/re2.h>

#include <string>
#include <utility>
#include <vector>

#include "core/go_text.h"
#include "promql/kernels/value_kernels.h"
#include "storage/labels/label_set_builder.h"
#include "storage/labels/validation.h"

namespace vigil::promql::kernels {

struct LabelReplacer::State {
  std::string dst;
  std::string replacement;
  std::string src;
  re2::RE2 regex;

  State(std::string d, std::string r, std::string s, const std::string& pattern, const RE2::Options& options)
      : dst(std::move(d)), replacement(std::move(r)), src(std::move(s)), regex(pattern, options) {}
};

namespace {

// Go's regexp.Expand of `templ` over the groups of one match.
std::string expand(std::string_view templ, const re2::RE2& regex, std::span<const re2::StringPiece> groups) {
  return expand_go_template(
      templ, [&](std::string_view name) { return go_group_text(name, groups, regex.NamedCapturingGroups()); });
}

Error invalid(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

}  // namespace

Result<LabelReplacer> LabelReplacer::make(std::string dst, std::string replacement, std::string src,
                                          std::string regex) {
  RE2::Options options;
  options.set_log_errors(false);
  auto state =
      std::make_unique<State>(std::move(dst), std::move(replacement), std::move(src), "^(?:" + regex + ")$", options);
  // Prometheus reports the pattern, not the parser's complaint.
  if (!state->regex.ok()) return std::unexpected(invalid("invalid regular expression in label_replace(): " + regex));
  if (!storage::is_valid_label_name(state->dst)) {
    return std::unexpected(invalid("invalid destination label name in label_replace(): " + state->dst));
  }
  LabelReplacer replacer;
  replacer.state_ = std::move(state);
  return replacer;
}

LabelReplacer::~LabelReplacer() = default;
LabelReplacer::LabelReplacer(LabelReplacer&&) noexcept = default;
LabelReplacer& LabelReplacer::operator=(LabelReplacer&&) noexcept = default;

storage::LabelSet LabelReplacer::apply(const storage::LabelSet& labels) const {
  const re2::StringPiece src_value(labels.get(state_->src));
  std::vector<re2::StringPiece> groups(static_cast<size_t>(state_->regex.NumberOfCapturingGroups()) + 1);
  if (!state_->regex.Match(src_value, 0, src_value.size(), RE2::UNANCHORED, groups.data(),
                           static_cast<int>(groups.size()))) {
    return labels;
  }
  // An empty result deletes the destination label.
  return storage::LabelSetBuilder(labels).set(state_->dst, expand(state_->replacement, state_->regex, groups)).labels();
}

}  // namespace vigil::promql::kernels
