#pragma once
// JSON read as Go's encoding/json Decoder reads it, for APIs that must answer
// as Go servers do (Alertmanager's): one value is read and what follows it is
// ignored; syntax errors carry Go's words ("invalid character 'x' after
// object key", "unexpected EOF"); invalid UTF-8 and lone surrogates in
// strings become U+FFFD; an object keeps every member in order, duplicates
// included, so the caller can apply Go's rule (each occurrence is decoded,
// the last wins). Nesting is limited to Go's 10000 levels and read without
// recursion.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigil {

struct JsonMember;

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;  // a string's decoded value, or a number's literal
  std::vector<JsonValue> items;
  std::vector<JsonMember> members;
};

struct JsonMember {
  std::string key;
  JsonValue value;
};

// The first JSON value of `text`, or invalid_argument with Go's message.
Result<JsonValue> read_go_json(std::string_view text);

// How Go's errors name a value's kind: "null", "bool", "number", "string",
// "array", "object".
const char* go_json_kind(const JsonValue& value);

}  // namespace vigil
