#include "template/function_args.h"

#include <fmt/format.h>

namespace vigil::tmpl {

Error argument_error(std::string message) { return make_error(ErrorKind::invalid_argument, std::move(message)); }

Error call_error(std::string message) { return make_error(ErrorKind::internal, std::move(message)); }

Result<void> expect_count(std::span<const Value> args, size_t want) {
  if (args.size() == want) return {};
  return std::unexpected(argument_error(fmt::format("wrong number of args: want {} got {}", want, args.size())));
}

Result<void> expect_at_least(std::span<const Value> args, size_t want) {
  if (args.size() >= want) return {};
  return std::unexpected(
      argument_error(fmt::format("wrong number of args: want at least {} got {}", want, args.size())));
}

Error wrong_arg_type(std::span<const Value> args, size_t index, std::string_view go_type) {
  const Value& value = args[index];
  if (!value.is_valid()) return argument_error(fmt::format("arg {}: invalid value; expected {}", index, go_type));
  // A nil here came out of an interface{} (a map[string]interface{} entry).
  const std::string got = value.kind() == Value::Kind::nil ? "interface {}" : value.type_name();
  return argument_error(fmt::format("arg {}: wrong type for value; expected {}; got {}", index, go_type, got));
}

std::optional<ArgumentProblem> split_argument_error(std::string_view message) {
  if (!message.starts_with("arg ")) return std::nullopt;
  size_t i = 4;
  size_t index = 0;
  while (i < message.size() && message[i] >= '0' && message[i] <= '9')
    index = index * 10 + static_cast<size_t>(message[i++] - '0');
  if (i == 4 || !message.substr(i).starts_with(": ")) return std::nullopt;
  return ArgumentProblem{index, message.substr(i + 2)};
}

Result<std::string> expect_string(std::span<const Value> args, size_t index) {
  if (auto bad = expect_at_least(args, index + 1); !bad) return std::unexpected(bad.error());
  const Value& value = args[index];
  if (value.kind() == Value::Kind::string) return value.as_string();
  return std::unexpected(wrong_arg_type(args, index, "string"));
}

Result<std::vector<Value>> expect_list(std::span<const Value> args, size_t index, const char* go_type) {
  if (auto bad = expect_at_least(args, index + 1); !bad) return std::unexpected(bad.error());
  const Value& value = args[index];
  if (value.kind() == Value::Kind::list) return value.as_list();
  // A nil slice is a valid empty list in Go.
  if (value.kind() == Value::Kind::nil) return std::vector<Value>{};
  return std::unexpected(wrong_arg_type(args, index, go_type));
}

}  // namespace vigil::tmpl
