// label_replace on one label set: an anchored RE2 match and Go's template
// expansion, with Prometheus's checks and error messages.

#include <re2/re2.h>

#include <string>
#include <utility>
#include <vector>

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

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The group a `$name` or `${name}` refers to: a number when the name is all
// digits without a leading zero (Go's regexp.Expand), else a named group;
// -1 for a name that no group has.
int group_index(std::string_view name, const re2::RE2& regex) {
  bool numeric = name.size() == 1 || name[0] != '0';
  int number = 0;
  for (char c : name) {
    if (c < '0' || c > '9' || number >= 100'000'000) {
      numeric = false;
      break;
    }
    number = number * 10 + (c - '0');
  }
  if (numeric) return number;
  const auto& names = regex.NamedCapturingGroups();
  const auto it = names.find(std::string(name));
  return it == names.end() ? -1 : it->second;
}

// Go's regexp.Expand of `templ` over the groups of one match: `$$` is a
// dollar, a `$` not followed by a name (or `${` without `}`) is literal, and
// unknown or unmatched groups expand to nothing. Names are ASCII letters,
// digits and '_' (Go also takes other Unicode letters).
std::string expand(std::string_view templ, const re2::RE2& regex, std::span<const re2::StringPiece> groups) {
  std::string out;
  while (!templ.empty()) {
    const size_t dollar = templ.find('$');
    if (dollar == std::string_view::npos) break;
    out.append(templ.substr(0, dollar));
    templ.remove_prefix(dollar + 1);
    if (!templ.empty() && templ[0] == '$') {
      out += '$';
      templ.remove_prefix(1);
      continue;
    }
    const bool brace = !templ.empty() && templ[0] == '{';
    const size_t name_start = brace ? 1 : 0;
    size_t name_end = name_start;
    while (name_end < templ.size() && is_name_char(templ[name_end])) ++name_end;
    const bool closed = !brace || (name_end < templ.size() && templ[name_end] == '}');
    if (name_end == name_start || !closed) {
      out += '$';
      continue;
    }
    const int index = group_index(templ.substr(name_start, name_end - name_start), regex);
    templ.remove_prefix(name_end + (brace ? 1 : 0));
    if (index >= 0 && static_cast<size_t>(index) < groups.size() && groups[index].data() != nullptr) {
      out.append(groups[index].data(), groups[index].size());
    }
  }
  out.append(templ);
  return out;
}

Error invalid(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

}  // namespace

Result<LabelReplacer> LabelReplacer::make(std::string dst, std::string replacement, std::string src,
                                          std::string regex) {
  RE2::Options options;
  options.set_log_errors(false);
  auto state = std::make_unique<State>(std::move(dst), std::move(replacement), std::move(src),
                                       "^(?:" + regex + ")$", options);
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
