#include "template/template.h"

#include <fmt/format.h>

#include "core/go_text.h"
#include "template/builtins.h"
#include "template/executor.h"
#include "template/parser.h"

namespace vigil::tmpl {
namespace {

// Go's parse.IsEmptyTree: nothing but whitespace text.
bool is_empty_tree(const Tree& tree) {
  for (const auto& node : tree.root->nodes) {
    if (node->type != Node::Type::text) return false;
    if (static_cast<const TextNode&>(*node).text.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  }
  return true;
}

// Puts `tree` into `trees` unless it is empty and would hide a template
// already there (Go's Template.associate).
void associate(TreeSet& trees, std::shared_ptr<const Tree> tree) {
  auto it = trees.find(tree->name);
  if (it != trees.end() && is_empty_tree(*tree)) return;
  trees[tree->name] = std::move(tree);
}

FunctionCheck function_check(const Functions& functions) {
  return [&functions](std::string_view name) { return is_builtin_function(name) || functions.contains(name); };
}

// The text's own body joins its defines under the text's name, unless a
// define of that name is already there: then a non-empty body is Go's
// "multiple definition" error.
Result<TreeSet> parse_into_trees(std::string_view name, std::string_view text, const Functions& functions) {
  auto parsed = parse_template(name, text, function_check(functions));
  if (!parsed) return std::unexpected(parsed.error());
  TreeSet trees = std::move(parsed->defined);
  auto it = trees.find(parsed->main->name);
  if (it == trees.end() || is_empty_tree(*it->second)) {
    trees[parsed->main->name] = parsed->main;
  } else if (!is_empty_tree(*parsed->main)) {
    return std::unexpected(make_error(
        ErrorKind::invalid_argument,
        fmt::format("template: {}:1: template: multiple definition of template {}", name, quote_go_string(name))));
  }
  return trees;
}

}  // namespace

bool is_builtin_function(std::string_view name) {
  return name == "and" || name == "or" || builtin_functions().contains(name);
}

struct Template::State {
  std::string name;
  std::shared_ptr<const Functions> functions;
  TreeSet trees;
};

Result<Template> Template::parse(std::string_view name, std::string_view text, const Functions& functions) {
  return parse_sharing(name, text, std::make_shared<const Functions>(functions));
}

Result<Template> Template::parse_sharing(std::string_view name, std::string_view text,
                                         std::shared_ptr<const Functions> functions) {
  auto state = std::make_shared<State>();
  state->name = name;
  state->functions = std::move(functions);
  auto trees = parse_into_trees(name, text, *state->functions);
  if (!trees) return std::unexpected(trees.error());
  state->trees = std::move(*trees);
  return Template(std::move(state));
}

Result<std::string> Template::execute(const Value& data, MissingKey missing) const {
  ExecuteOptions options;
  options.missing_key = missing;
  return execute(data, options);
}

Result<std::string> Template::execute(const Value& data, const ExecuteOptions& options) const {
  const Tree& tree = *state_->trees.at(state_->name);
  return execute_tree(tree, state_->trees, *state_->functions, data, options);
}

const std::string& Template::name() const { return state_->name; }

std::vector<std::string> Template::defined_names() const {
  std::vector<std::string> names;
  for (const auto& [name, tree] : state_->trees) {
    if (name != state_->name) names.push_back(name);
  }
  return names;
}

struct TemplateSet::State {
  std::string name;
  Functions functions;
  TreeSet trees;
};

TemplateSet::TemplateSet(Functions functions, std::string name) : state_(std::make_unique<State>()) {
  state_->name = std::move(name);
  state_->functions = std::move(functions);
}

TemplateSet::~TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;

Result<void> TemplateSet::add(std::string_view name, std::string_view text) {
  auto trees = parse_into_trees(name, text, state_->functions);
  if (!trees) return std::unexpected(trees.error());
  for (auto& [tree_name, tree] : *trees) associate(state_->trees, std::move(tree));
  return {};
}

bool TemplateSet::has(std::string_view name) const { return state_->trees.contains(name); }

Result<std::string> TemplateSet::execute(std::string_view name, const Value& data,
                                         const ExecuteOptions& options) const {
  auto it = state_->trees.find(name);
  if (it == state_->trees.end()) {
    return std::unexpected(
        make_error(ErrorKind::not_found, fmt::format("template: no template {} associated with template {}",
                                                     quote_go_string(name), quote_go_string(state_->name))));
  }
  return execute_tree(*it->second, state_->trees, state_->functions, data, options);
}

Result<std::string> TemplateSet::execute_text(std::string_view text, const Value& data, const ExecuteOptions& options,
                                              std::string_view name) const {
  auto parsed = parse_into_trees(name, text, state_->functions);
  if (!parsed) return std::unexpected(parsed.error());
  TreeSet trees = state_->trees;
  std::shared_ptr<const Tree> main = parsed->at(std::string(name));
  for (auto& [tree_name, tree] : *parsed) associate(trees, std::move(tree));
  trees[main->name] = main;
  return execute_tree(*main, trees, state_->functions, data, options);
}

}  // namespace vigil::tmpl
