#pragma once
// Argument checks for template functions and methods, worded as Go's
// text/template words a call whose arguments do not fit the Go signature.
//
// The engine reports a function's error as Go does:
//  - ErrorKind::invalid_argument (what these helpers return) as it stands,
//    with the function's name put after "wrong number of args" ("wrong number
//    of args for humanize: want 1 got 2");
//  - any other kind as "error calling NAME: MESSAGE".

#include <cstddef>
#include <span>
#include <string>

#include "template/value.h"

namespace vigil::tmpl {

// "wrong number of args: want N got M" unless args.size() == want.
Result<void> expect_count(std::span<const Value> args, size_t want);

// "wrong number of args: want at least N got M" unless args.size() >= want.
Result<void> expect_at_least(std::span<const Value> args, size_t want);

// A string argument; "wrong type for value; expected string; got int", or
// "invalid value; expected string" for a missing value.
Result<std::string> expect_string(std::span<const Value> args, size_t index);

// A list argument (Go's []interface{} or a query result).
Result<std::vector<Value>> expect_list(std::span<const Value> args, size_t index, const char* go_type);

// An error of kind invalid_argument with this message.
Error argument_error(std::string message);

// An error reported as "error calling NAME: MESSAGE".
Error call_error(std::string message);

}  // namespace vigil::tmpl
