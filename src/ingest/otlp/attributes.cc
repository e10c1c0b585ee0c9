#include "ingest/otlp/attributes.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <vector>

#include "core/base64.h"

namespace vigil::ingest::otlp {
namespace {

using opentelemetry::proto::common::v1::AnyValue;
using opentelemetry::proto::common::v1::KeyValue;

bool is_label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string format_double(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::string();
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_json(std::string& out, const AnyValue& value) {
  switch (value.value_case()) {
    case AnyValue::kStringValue:
      append_json_string(out, value.string_value());
      return;
    case AnyValue::kBytesValue:
      append_json_string(out, base64_encode(value.bytes_value()));
      return;
    case AnyValue::kArrayValue: {
      out += '[';
      bool first = true;
      for (const AnyValue& item : value.array_value().values()) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      return;
    }
    case AnyValue::kKvlistValue: {
      out += '{';
      bool first = true;
      for (const KeyValue& kv : value.kvlist_value().values()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, kv.key());
        out += ':';
        append_json(out, kv.value());
      }
      out += '}';
      return;
    }
    case AnyValue::kDoubleValue: {
      // JSON has no NaN or infinities: they are written as strings.
      const double d = value.double_value();
      if (std::isfinite(d)) {
        out += format_double(d);
      } else {
        append_json_string(out, format_double(d));
      }
      return;
    }
    case AnyValue::VALUE_NOT_SET:
      out += "null";
      return;
    default:
      out += label_value(value);
      return;
  }
}

}  // namespace

std::string label_name(std::string_view attribute) {
  // `__x__` is Prometheus's reserved form, kept as such by its translator;
  // Vigil's storage refuses such names from outside, so they are dropped.
  if (attribute.size() >= 4 && attribute.starts_with("__") && attribute.ends_with("__")) return {};
  std::string out;
  out.reserve(attribute.size());
  for (char c : attribute) {
    if (is_label_char(c)) {
      out += c;
    } else if (out.empty() || out.back() != '_') {
      out += '_';
    }
  }
  if (std::all_of(out.begin(), out.end(), [](char c) { return c == '_'; })) return {};
  if (out.front() >= '0' && out.front() <= '9') out.insert(0, "key_");
  return out;
}

std::string label_value(const AnyValue& value) {
  switch (value.value_case()) {
    case AnyValue::kStringValue:
      return value.string_value();
    case AnyValue::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case AnyValue::kIntValue:
      return std::to_string(value.int_value());
    case AnyValue::kDoubleValue:
      return format_double(value.double_value());
    case AnyValue::kBytesValue:
      return base64_encode(value.bytes_value());
    case AnyValue::kArrayValue:
    case AnyValue::kKvlistValue: {
      std::string out;
      append_json(out, value);
      return out;
    }
    case AnyValue::VALUE_NOT_SET:
      break;
  }
  return {};
}

void add_attributes(LabelMap& labels, const Attributes& attributes, std::initializer_list<std::string_view> skip) {
  // Sorted by the original name, so that colliding attributes merge in the
  // same order whatever order the sender used.
  std::vector<const KeyValue*> sorted;
  sorted.reserve(static_cast<size_t>(attributes.size()));
  for (const KeyValue& kv : attributes) {
    if (std::find(skip.begin(), skip.end(), kv.key()) == skip.end()) sorted.push_back(&kv);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const KeyValue* a, const KeyValue* b) { return a->key() < b->key(); });
  LabelMap merged;
  for (const KeyValue* kv : sorted) {
    std::string name = label_name(kv->key());
    if (name.empty()) continue;
    std::string value = label_value(kv->value());
    auto [it, inserted] = merged.try_emplace(std::move(name), value);
    if (!inserted) {
      it->second += ';';
      it->second += value;
    }
  }
  for (auto& [name, value] : merged) labels[name] = std::move(value);
}

}  // namespace vigil::ingest::otlp
