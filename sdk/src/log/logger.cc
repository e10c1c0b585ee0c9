#include "vigil/log/logger.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <type_traits>
#include <utility>
#include <variant>

#include "timestamp.h"
#include "vigil/log/correlation.h"

namespace vigil::log {
namespace {

// Keys the logger writes itself; a field with one of these names is renamed
// "field.<name>" so that input can never overwrite or duplicate them.
bool is_reserved_key(std::string_view key) {
  return key == "ts" || key == "level" || key == "logger" || key == "msg" || key == "correlation_id";
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

template <class Number>
void append_number(std::string& out, Number v) {
  std::array<char, 32> buf;
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), result.ptr);
}

void append_value(std::string& out, const Field::Value& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          append_string(out, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          // JSON has no infinities or NaN; spell them as Prometheus does.
          if (std::isnan(v)) {
            out += "\"NaN\"";
          } else if (std::isinf(v)) {
            out += v > 0 ? "\"+Inf\"" : "\"-Inf\"";
          } else {
            append_number(out, v);  // shortest round-trip form, valid JSON
          }
        } else {
          append_number(out, v);
        }
      },
      value);
}

}  // namespace

Logger::Logger()
    : Logger("vigil", std::make_shared<FileDescriptorSink>(), Level::info, std::make_shared<const Redactor>()) {}

Logger::Logger(std::string name, std::shared_ptr<Sink> sink, Level level, std::shared_ptr<const Redactor> redactor)
    : name_(std::move(name)),
      sink_(std::move(sink)),
      level_(std::make_shared<std::atomic<Level>>(level)),
      redactor_(std::move(redactor)) {}

Logger Logger::child(std::string name) const {
  Logger copy(*this);
  copy.name_ = std::move(name);
  return copy;
}

void Logger::log(Level level, std::string_view msg, std::initializer_list<Field> fields) const noexcept {
  if (!enabled(level) || !sink_) return;
  try {
    std::string line;
    line.reserve(128 + msg.size());
    line += "{\"ts\":\"";
    detail::append_rfc3339_millis(line, std::chrono::system_clock::now());
    line += "\",\"level\":\"";
    line += to_string(level);
    line += "\",\"logger\":";
    append_string(line, name_);
    line += ",\"msg\":";
    append_string(line, redactor_ ? redactor_->redact_text(msg) : std::string(msg));
    if (const auto id = CorrelationScope::current(); !id.empty()) {
      line += ",\"correlation_id\":";
      append_string(line, id);
    }
    for (const Field& original : fields) {
      Field field = original;
      if (redactor_) redactor_->redact(field);
      line += ',';
      if (is_reserved_key(field.key)) field.key.insert(0, "field.");
      append_string(line, field.key);
      line += ':';
      append_value(line, field.value);
    }
    line += "}\n";
    sink_->write(line);
  } catch (...) {
    // Logging must not take the caller down; out of memory or a failing
    // regular expression costs this one line.
  }
}

}  // namespace vigil::log
