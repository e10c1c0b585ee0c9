#include "template/builtins.h"

#include <fmt/format.h>

#include "core/go_text.h"
#include "template/function_args.h"
#include "template/go_format.h"

namespace vigil::tmpl {
namespace {

enum class BasicKind { invalid, boolean, integer, floating, string };

BasicKind basic_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::boolean:
      return BasicKind::boolean;
    case Value::Kind::integer:
      return BasicKind::integer;
    case Value::Kind::floating:
      return BasicKind::floating;
    case Value::Kind::string:
      return BasicKind::string;
    default:
      return BasicKind::invalid;
  }
}

bool is_nil(const Value& v) { return v.kind() == Value::Kind::invalid || v.kind() == Value::Kind::nil; }

Result<Value> fail(std::string message) { return std::unexpected(call_error(std::move(message))); }

// Go's indexArg: an int index within [0, size].
Result<int64_t> index_arg(const Value& index, int64_t size) {
  if (is_nil(index)) return std::unexpected(call_error("cannot index slice/array with nil"));
  if (index.kind() != Value::Kind::integer) {
    return std::unexpected(call_error(fmt::format("cannot index slice/array with type {}", index.type_name())));
  }
  int64_t x = index.as_int();
  if (x < 0 || x > size) return std::unexpected(call_error(fmt::format("index out of range: {}", x)));
  return x;
}

Value byte_value(char c) { return Value::integer(static_cast<unsigned char>(c)).with_type_name("uint8"); }

Result<Value> index_of(std::span<const Value> args) {
  if (auto bad = expect_at_least(args, 1); !bad) return std::unexpected(bad.error());
  Value item = args[0];
  if (is_nil(item)) return fail("index of untyped nil");
  for (const Value& index : args.subspan(1)) {
    switch (item.kind()) {
      case Value::Kind::list:
      case Value::Kind::string: {
        const bool is_string = item.kind() == Value::Kind::string;
        auto x = index_arg(index, item.length());
        if (!x) return std::unexpected(x.error());
        if (*x == item.length())
          return fail(is_string ? "reflect: string index out of range" : "reflect: slice index out of range");
        item =
            is_string ? byte_value(item.as_string()[static_cast<size_t>(*x)]) : item.as_list()[static_cast<size_t>(*x)];
        break;
      }
      case Value::Kind::map:
        if (!item.is_record()) {
          if (is_nil(index)) return fail("value is nil; should be of type string");
          if (index.kind() != Value::Kind::string) {
            return fail(fmt::format("value has type {}; should be string", index.type_name()));
          }
          const Value* found = item.find(index.as_string());
          item = found ? *found : item.map_zero();
          break;
        }
        [[fallthrough]];
      default:
        if (is_nil(item)) return fail("index of nil pointer");
        return fail(fmt::format("can't index item of type {}", item.type_name()));
    }
  }
  return item;
}

Result<Value> slice_of(std::span<const Value> args) {
  if (auto bad = expect_at_least(args, 1); !bad) return std::unexpected(bad.error());
  const Value& item = args[0];
  std::span<const Value> indexes = args.subspan(1);
  if (is_nil(item)) return fail("slice of untyped nil");
  if (indexes.size() > 3) return fail(fmt::format("too many slice indexes: {}", indexes.size()));
  if (item.kind() == Value::Kind::string) {
    if (indexes.size() == 3) return fail("cannot 3-index slice a string");
  } else if (item.kind() != Value::Kind::list) {
    return fail(fmt::format("can't slice item of type {}", item.type_name()));
  }
  const int64_t size = item.length();
  int64_t idx[3] = {0, size, size};
  for (size_t i = 0; i < indexes.size(); ++i) {
    auto x = index_arg(indexes[i], size);
    if (!x) return std::unexpected(x.error());
    idx[i] = *x;
  }
  if (idx[0] > idx[1]) return fail(fmt::format("invalid slice index: {} > {}", idx[0], idx[1]));
  if (indexes.size() == 3 && idx[1] > idx[2]) return fail(fmt::format("invalid slice index: {} > {}", idx[1], idx[2]));
  const auto from = static_cast<size_t>(idx[0]);
  const auto to = static_cast<size_t>(idx[1]);
  if (item.kind() == Value::Kind::string) return Value::string(item.as_string().substr(from, to - from));
  const auto& list = item.as_list();
  return Value::list(std::vector<Value>(list.begin() + static_cast<long>(from), list.begin() + static_cast<long>(to)));
}

Result<Value> length_of(std::span<const Value> args) {
  if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
  // Go's len takes a reflect.Value: a missing value has no type to ask.
  if (!args[0].is_valid()) return fail("reflect: call of reflect.Value.Type on zero Value");
  if (is_nil(args[0])) return fail("len of nil pointer");
  int64_t n = args[0].length();
  if (n < 0) return fail(fmt::format("len of type {}", args[0].type_name()));
  return Value::integer(n);
}

Result<Value> call_of(std::span<const Value> args) {
  if (auto bad = expect_at_least(args, 1); !bad) return std::unexpected(bad.error());
  if (is_nil(args[0])) return fail("call of nil");
  if (args[0].kind() != Value::Kind::function) return fail(fmt::format("non-function of type {}", args[0].type_name()));
  auto result = args[0].as_function()(args.subspan(1));
  if (!result) return std::unexpected(call_error(result.error().message));
  return result;
}

// The text html, js and urlquery escape: a lone string as it is, otherwise
// fmt.Sprint of the arguments with missing values as "<no value>".
std::string escaper_text(std::span<const Value> args) {
  if (args.size() == 1 && args[0].kind() == Value::Kind::string) return args[0].as_string();
  std::vector<Value> printable(args.begin(), args.end());
  for (Value& v : printable) {
    if (is_nil(v)) v = Value::string("<no value>");
  }
  return go_sprint(printable);
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "&#34;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '\0':
        out += "\xEF\xBF\xBD";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string js_escape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    uint32_t rune = 0;
    size_t len = decode_utf8(s, i, rune);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // Go decodes invalid bytes as U+FFFD
      ++i;
      continue;
    }
    switch (rune) {
      case '\\':
        out += "\\\\";
        break;
      case '\'':
        out += "\\'";
        break;
      case '"':
        out += "\\\"";
        break;
      case '<':
        out += "\\u003C";
        break;
      case '>':
        out += "\\u003E";
        break;
      case '&':
        out += "\\u0026";
        break;
      case '=':
        out += "\\u003D";
        break;
      default:
        if (rune < ' ' || rune == 0x7F || (rune >= 0x80 && rune < 0xA0) || rune == 0x2028 || rune == 0x2029) {
          out += fmt::format("\\u{:04X}", rune);
        } else {
          out.append(s.substr(i, len));
        }
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string go_query_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += fmt::format("%{:02X}", b);
    }
  }
  return out;
}

namespace {

using Comparison = Result<bool> (*)(const Value&, const Value&);

Function binary_comparison(Comparison compare, bool negate) {
  return [compare, negate](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 2); !bad) return std::unexpected(bad.error());
    auto truth = compare(args[0], args[1]);
    if (!truth) return std::unexpected(truth.error());
    return Value::boolean(*truth != negate);
  };
}

Result<bool> less_or_equal(const Value& a, const Value& b) {
  auto less = go_less(a, b);
  if (!less || *less) return less;
  return go_equal(a, b);
}

Functions make_builtins() {
  Functions f;
  f["index"] = index_of;
  f["slice"] = slice_of;
  f["len"] = length_of;
  f["call"] = call_of;
  f["not"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_count(args, 1); !bad) return std::unexpected(bad.error());
    return Value::boolean(!args[0].truthy());
  };
  f["print"] = [](std::span<const Value> args) -> Result<Value> { return Value::string(go_sprint(args)); };
  f["println"] = [](std::span<const Value> args) -> Result<Value> { return Value::string(go_sprintln(args)); };
  f["printf"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_at_least(args, 1); !bad) return std::unexpected(bad.error());
    auto format = expect_string(args, 0);
    if (!format) return std::unexpected(format.error());
    return Value::string(go_sprintf(*format, args.subspan(1)));
  };
  f["html"] = [](std::span<const Value> args) -> Result<Value> {
    return Value::string(html_escape(escaper_text(args)));
  };
  f["js"] = [](std::span<const Value> args) -> Result<Value> { return Value::string(js_escape(escaper_text(args))); };
  f["urlquery"] = [](std::span<const Value> args) -> Result<Value> {
    return Value::string(go_query_escape(escaper_text(args)));
  };
  f["eq"] = [](std::span<const Value> args) -> Result<Value> {
    if (auto bad = expect_at_least(args, 1); !bad) return std::unexpected(bad.error());
    if (args.size() == 1) return fail("missing argument for comparison");
    for (const Value& other : args.subspan(1)) {
      auto truth = go_equal(args[0], other);
      if (!truth) return std::unexpected(truth.error());
      if (*truth) return Value::boolean(true);
    }
    return Value::boolean(false);
  };
  f["ne"] = binary_comparison(go_equal, true);
  f["lt"] = binary_comparison(go_less, false);
  f["le"] = binary_comparison(less_or_equal, false);
  f["gt"] = binary_comparison(less_or_equal, true);
  f["ge"] = binary_comparison(go_less, true);
  return f;
}

}  // namespace

Result<bool> go_equal(const Value& a, const Value& b) {
  const BasicKind k1 = basic_kind(a);
  const BasicKind k2 = basic_kind(b);
  if (k1 != k2) {
    if (!is_nil(a) && !is_nil(b)) return std::unexpected(call_error("incompatible types for comparison"));
    return false;
  }
  switch (k1) {
    case BasicKind::boolean:
      return a.as_bool() == b.as_bool();
    case BasicKind::integer:
      return a.as_int() == b.as_int();
    case BasicKind::floating:
      return a.as_float() == b.as_float();
    case BasicKind::string:
      return a.as_string() == b.as_string();
    case BasicKind::invalid:
      break;
  }
  if (is_nil(a) || is_nil(b)) return is_nil(a) == is_nil(b);
  if (a.kind() != b.kind()) {
    return std::unexpected(call_error(fmt::format("non-comparable types {}: {}, {}: {}", go_sprint_value(a),
                                                  a.type_name(), b.type_name(), go_sprint_value(b))));
  }
  if (a.kind() == Value::Kind::time) {
    return a.as_time().unix_seconds == b.as_time().unix_seconds && a.as_time().nanos == b.as_time().nanos;
  }
  return std::unexpected(call_error(fmt::format("non-comparable type {}: {}", go_sprint_value(b), b.type_name())));
}

Result<bool> go_less(const Value& a, const Value& b) {
  const BasicKind k1 = basic_kind(a);
  const BasicKind k2 = basic_kind(b);
  if (k1 == BasicKind::invalid || k2 == BasicKind::invalid) {
    return std::unexpected(call_error("invalid type for comparison"));
  }
  if (k1 != k2) return std::unexpected(call_error("incompatible types for comparison"));
  switch (k1) {
    case BasicKind::integer:
      return a.as_int() < b.as_int();
    case BasicKind::floating:
      return a.as_float() < b.as_float();
    case BasicKind::string:
      return a.as_string() < b.as_string();
    default:
      return std::unexpected(call_error("invalid type for comparison"));
  }
}

const Functions& builtin_functions() {
  static const Functions kBuiltins = make_builtins();
  return kBuiltins;
}

}  // namespace vigil::tmpl
