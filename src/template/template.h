#pragma once
// Go text/template for Vigil: parse a template text (with its {{define}}s)
// against a set of functions, execute it against a Value, get Go's output
// byte for byte. Template is one text; TemplateSet is several texts sharing
// their defines, as Alertmanager loads its template files.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "template/value.h"

namespace vigil::tmpl {

// What a missing map key gives: Go's default (an invalid value, printed
// "<no value>") or missingkey=zero (the map's zero element: "" for label
// maps), which Prometheus and Alertmanager set.
enum class MissingKey { invalid, zero };

struct ExecuteOptions {
  MissingKey missing_key = MissingKey::invalid;
  // Nested {{template}} calls and control actions; Go stops template
  // recursion at 100000, which a C++ stack cannot hold.
  int max_depth = 1000;
  // Output beyond this is an error, not an allocation.
  size_t max_output_bytes = size_t{4} << 20;
  // Evaluated actions and commands; bounds loops that print nothing.
  uint64_t max_steps = 10'000'000;
};

// The functions every template has: Go's builtins (and, or, not, len,
// index, slice, print, printf, println, eq, ne, lt, le, gt, ge, html, js,
// urlquery, call). Host functions of the same name replace them.
bool is_builtin_function(std::string_view name);

class Template {
 public:
  // Parses `text`; `name` appears in error messages. Identifiers must name a
  // builtin or one of `functions` (Go's parse-time check).
  static Result<Template> parse(std::string_view name, std::string_view text, const Functions& functions);
  // The same, sharing `functions` with other templates (thousands of alert
  // rules' templates need not each hold a copy).
  static Result<Template> parse_sharing(std::string_view name, std::string_view text,
                                        std::shared_ptr<const Functions> functions);

  Result<std::string> execute(const Value& data, MissingKey missing = MissingKey::invalid) const;
  Result<std::string> execute(const Value& data, const ExecuteOptions& options) const;

  const std::string& name() const;
  // The names of the templates this text defines ({{define}} and {{block}}).
  std::vector<std::string> defined_names() const;

 private:
  friend class TemplateSet;
  struct State;
  explicit Template(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// Template files whose defines call each other by name. A later text's
// define replaces an earlier one of the same name (unless it is empty), as
// Go's Template.ParseFiles does; a text's own body is a template named after
// the text unless it is only whitespace.
class TemplateSet {
 public:
  // `name` names the set in "no template ... associated with template NAME".
  explicit TemplateSet(Functions functions, std::string name = "");
  ~TemplateSet();
  TemplateSet(TemplateSet&&) noexcept;
  TemplateSet& operator=(TemplateSet&&) noexcept;

  Result<void> add(std::string_view name, std::string_view text);
  bool has(std::string_view name) const;

  // Executes the template `name` (a define or an added text).
  Result<std::string> execute(std::string_view name, const Value& data, const ExecuteOptions& options = {}) const;
  // Parses `text` against the set's defines and functions and executes it,
  // as Alertmanager expands a notifier's field: parse errors name the text
  // `name`.
  Result<std::string> execute_text(std::string_view text, const Value& data, const ExecuteOptions& options = {},
                                   std::string_view name = "") const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace vigil::tmpl
