#pragma once
// Argument checks for template functions and methods, worded as Go's
// text/template words a call whose arguments do not fit the Go signature.
//
// The engine reports a function's error as Go does:
//  - ErrorKind::invalid_argument (what these helpers return) as it stands,
//    with the function's name put after "wrong number of args" ("wrong number
//    of args for humanize: want 1 got 2"), and an "arg N: " prefix (N counts
//    from 0) replaced by pointing at that argument, worded as Go words a
//    literal of the wrong type ("expected string; found 1");
//  - any other kind as "error calling NAME: MESSAGE".

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace vigil::tmpl {

// Functions that build text (printf, reReplaceAll) stop growing it beyond
// this; the engine rejects any result larger than its output limit, so a
// template that doubles a string in a loop fails instead of exhausting
// memory.
inline constexpr size_t kMaxResultBytes = size_t{64} << 20;

// "wrong number of args: want N got M" unless args.size() == want.
Result<void> expect_count(std::span<const Value> args, size_t want);

// "wrong number of args: want at least N got M" unless args.size() >= want.
Result<void> expect_at_least(std::span<const Value> args, size_t want);

// A string argument (and at least index + 1 arguments); "arg N: wrong type for value; expected string; got
// int", or "arg N: invalid value; expected string" for a missing value.
Result<std::string> expect_string(std::span<const Value> args, size_t index);

// A list argument (Go's []interface{} or a query result).
Result<std::vector<Value>> expect_list(std::span<const Value> args, size_t index, const char* go_type);

// "arg N: wrong type for value; expected GO_TYPE; got ..." for args[index].
Error wrong_arg_type(std::span<const Value> args, size_t index, std::string_view go_type);

// An error of kind invalid_argument with this message.
Error argument_error(std::string message);

// The argument number and the rest of an "arg N: ..." message.
struct ArgumentProblem {
  size_t index;
  std::string_view message;
};
std::optional<ArgumentProblem> split_argument_error(std::string_view message);

// An error reported as "error calling NAME: MESSAGE".
Error call_error(std::string message);

}  // namespace vigil::tmpl
