#include "template/alertmanager_functions.h"

#include "template/function_args.h"
#include "template/text_functions.h"

namespace vigil::tmpl {
namespace {

// A Go []string argument: a list of strings (a nil slice is empty).
Result<std::vector<std::string>> expect_strings(std::span<const Value> args, size_t index) {
  auto list = expect_list(args, index, "[]string");
  if (!list) return std::unexpected(list.error());
  std::vector<std::string> strings;
  for (const Value& item : *list) {
    if (item.kind() != Value::Kind::string) return std::unexpected(wrong_arg_type(args, index, "[]string"));
    strings.push_back(item.as_string());
  }
  return strings;
}

}  // namespace

Functions alertmanager_functions() {
  Functions functions;
  add_text_functions(functions);
  // strings.Join with the separator first, so that {{ .List | join ", " }}
  // reads naturally.
  functions["join"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 2); !bad) return std::unexpected(bad.error());
    auto separator = expect_string(args, 0);
    if (!separator) return std::unexpected(separator.error());
    auto strings = expect_strings(args, 1);
    if (!strings) return std::unexpected(strings.error());
    std::string out;
    for (size_t i = 0; i < strings->size(); ++i) {
      if (i > 0) out += *separator;
      out += (*strings)[i];
    }
    return Value::string(std::move(out));
  };
  // func(s ...string) []string.
  functions["stringSlice"] = [](std::span<const Value> args) -> Result<Value> {
    std::vector<Value> items;
    for (size_t i = 0; i < args.size(); ++i) {
      auto s = expect_string(args, i);
      if (!s) return std::unexpected(s.error());
      items.push_back(Value::string(std::move(*s)));
    }
    return Value::list(std::move(items)).with_type_name("[]string");
  };
  return functions;
}

}  // namespace vigil::tmpl
