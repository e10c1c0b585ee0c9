#pragma once
// Structured JSON-lines logger used by the server and the SDK alike.
//
// Each line is one JSON object: {"ts":"2026-11-21T10:00:00.123Z","level":"info",
// "logger":"http","msg":"...","correlation_id":"...",<fields>...}. Every string
// is JSON-escaped (control characters as \u00XX, invalid UTF-8 as U+FFFD), so
// input cannot forge extra lines or fields. Secrets are redacted before writing.

#include <atomic>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "vigil/log/field.h"
#include "vigil/log/level.h"
#include "vigil/log/redactor.h"
#include "vigil/log/sink.h"

namespace vigil::log {

class Logger {
 public:
  // A logger named "vigil" with the default sink (stderr), level info and
  // default redaction.
  Logger();
  // A null sink discards every line; a null redactor disables redaction.
  Logger(std::string name, std::shared_ptr<Sink> sink, Level level,
         std::shared_ptr<const Redactor> redactor);

  // Same sink, level and redactor; another name ("http", "config", ...).
  // The level is shared, not copied: set_level() on any logger of the family
  // (a configuration reload) applies to all of them.
  Logger child(std::string name) const;

  bool enabled(Level level) const noexcept { return level >= this->level(); }
  void set_level(Level level) noexcept { level_->store(level, std::memory_order_relaxed); }
  Level level() const noexcept { return level_->load(std::memory_order_relaxed); }

  void log(Level level, std::string_view msg, std::initializer_list<Field> fields = {}) const noexcept;
  void debug(std::string_view msg, std::initializer_list<Field> fields = {}) const noexcept { log(Level::debug, msg, fields); }
  void info(std::string_view msg, std::initializer_list<Field> fields = {}) const noexcept { log(Level::info, msg, fields); }
  void warn(std::string_view msg, std::initializer_list<Field> fields = {}) const noexcept { log(Level::warn, msg, fields); }
  void error(std::string_view msg, std::initializer_list<Field> fields = {}) const noexcept { log(Level::error, msg, fields); }

 private:
  std::string name_;
  std::shared_ptr<Sink> sink_;
  // Atomic because a reload may change it while other threads log.
  std::shared_ptr<std::atomic<Level>> level_;
  std::shared_ptr<const Redactor> redactor_;
};

// Appends `text` to `out` as the inside of a JSON string (no quotes added).
void append_json_escaped(std::string& out, std::string_view text);

}  // namespace vigil::log
