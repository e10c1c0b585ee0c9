#pragma once
// A small streaming JSON writer for API responses. Strings are escaped with
// the SDK's escaper (control characters, invalid UTF-8 -> U+FFFD), so any
// input produces valid JSON; '<', '>' and '&' become \u003c, \u003e, \u0026
// as Go's encoding/json (and so Prometheus's API) writes them, so that answers
// match Prometheus's byte for byte. Commas are placed automatically.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Already-encoded JSON, inserted as one value.
  JsonWriter& raw(std::string_view json);

  // key(name).string(value) in one call.
  JsonWriter& field(std::string_view name, std::string_view value) { return key(name).string(value); }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void before_value();

  std::string& out_;
  // One entry per open container: true once it holds an element.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

}  // namespace vigil
