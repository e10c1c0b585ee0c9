#include "template/text_functions.h"

#include "template/function_args.h"
#include "template/go_regexp.h"
#include "template/text_case.h"

namespace vigil::tmpl {
Function string_function(std::string (*transform)(std::string_view)) {
  return [transform](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    auto text = expect_string(args, 0);
    if (!text) return std::unexpected(text.error());
    return Value::string(transform(*text));
  };
}

namespace {

std::string identity(std::string_view text) { return std::string(text); }

}  // namespace

void add_text_functions(Functions& functions) {
  functions["toUpper"] = string_function(go_to_upper);
  functions["toLower"] = string_function(go_to_lower);
  functions["title"] = string_function(go_title);
  // html/template.HTML is a string type; text/template prints it as is.
  functions["safeHtml"] = [](std::span<const Value> args) -> Result<Value> {
    auto text = string_function(identity)(args);
    if (!text) return text;
    return text->with_type_name("template.HTML");
  };
  // regexp.MatchString(pattern, s).
  functions["match"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 2); !bad) return std::unexpected(bad.error());
    auto pattern = expect_string(args, 0);
    if (!pattern) return std::unexpected(pattern.error());
    auto text = expect_string(args, 1);
    if (!text) return std::unexpected(text.error());
    auto re = GoRegexp::compile(*pattern);
    if (!re) return std::unexpected(call_error(re.error().message));
    return Value::boolean(re->match(*text));
  };
  // regexp.MustCompile(pattern).ReplaceAllString(text, replacement): a bad
  // pattern is MustCompile's panic, which text/template reports.
  functions["reReplaceAll"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 3); !bad) return std::unexpected(bad.error());
    std::string strings[3];
    for (size_t i = 0; i < 3; ++i) {
      auto s = expect_string(args, i);
      if (!s) return std::unexpected(s.error());
      strings[i] = std::move(*s);
    }
    auto re = GoRegexp::compile(strings[0]);
    if (!re) return std::unexpected(call_error(go_must_compile_message(strings[0], re.error())));
    return Value::string(re->replace_all(strings[2], strings[1]));
  };
}

}  // namespace vigil::tmpl
