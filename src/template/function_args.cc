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

namespace {

Error wrong_type(const Value& value, const char* go_type) {
  if (!value.is_valid()) return argument_error(fmt::format("invalid value; expected {}", go_type));
  return argument_error(fmt::format("wrong type for value; expected {}; got {}", go_type, value.type_name()));
}

}  // namespace

Result<std::string> expect_string(std::span<const Value> args, size_t index) {
  const Value& value = args[index];
  if (value.kind() == Value::Kind::string) return value.as_string();
  return std::unexpected(wrong_type(value, "string"));
}

Result<std::vector<Value>> expect_list(std::span<const Value> args, size_t index, const char* go_type) {
  const Value& value = args[index];
  if (value.kind() == Value::Kind::list) return value.as_list();
  // A nil slice is a valid empty list in Go.
  if (value.kind() == Value::Kind::nil) return std::vector<Value>{};
  return std::unexpected(wrong_type(value, go_type));
}

}  // namespace vigil::tmpl
