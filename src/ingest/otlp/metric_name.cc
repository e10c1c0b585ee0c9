#include "ingest/otlp/metric_name.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace vigil::ingest::otlp {
namespace {

// UCUM units as OpenTelemetry writes them -> Prometheus's base-unit words.
// "1" (dimensionless) adds no word; gauges get `_ratio` for it instead.
constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kUnits{{
    {"d", "days"},         {"h", "hours"},         {"min", "minutes"},    {"s", "seconds"},
    {"ms", "milliseconds"}, {"us", "microseconds"}, {"ns", "nanoseconds"}, {"By", "bytes"},
    {"KiBy", "kibibytes"}, {"MiBy", "mebibytes"},  {"GiBy", "gibibytes"}, {"TiBy", "tibibytes"},
    {"KBy", "kilobytes"},  {"MBy", "megabytes"},   {"GBy", "gigabytes"},  {"TBy", "terabytes"},
    {"m", "meters"},       {"V", "volts"},         {"A", "amperes"},      {"J", "joules"},
    {"W", "watts"},        {"g", "grams"},         {"Cel", "celsius"},    {"Hz", "hertz"},
    {"1", ""},             {"%", "percent"},
}};

// The unit after `/`, in the singular: `By/s` is bytes per second.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kPerUnits{{
    {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"d", "day"}, {"w", "week"}, {"mo", "month"}, {"y", "year"},
}};

template <size_t N>
std::string_view lookup(const std::array<std::pair<std::string_view, std::string_view>, N>& table,
                        std::string_view key) {
  for (const auto& [from, to] : table) {
    if (from == key) return to;
  }
  return key;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Words of `text`: runs of [a-zA-Z0-9:]; everything else separates them, so
// `http.server..duration` and `http_server_duration` have the same words.
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (is_name_char(c)) {
      current += c;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += '_';
    out += part;
  }
  return out;
}

// A unit part in name characters: invalid characters become `_`, runs of `_`
// one `_`, and leading and trailing `_` go. `{...}` annotations say what is
// counted, not a unit, and add nothing.
std::string clean_unit(std::string_view unit) {
  unit = trim(unit);
  if (unit.empty() || unit.find_first_of("{}") != std::string_view::npos) return {};
  return join(words(unit));
}

struct UnitWords {
  std::string main;  // "bytes"
  std::string per;   // "per_second"
};

UnitWords unit_words(std::string_view unit) {
  UnitWords out;
  const size_t slash = unit.find('/');
  out.main = clean_unit(lookup(kUnits, trim(unit.substr(0, slash))));
  if (slash != std::string_view::npos) {
    std::string per = clean_unit(lookup(kPerUnits, trim(unit.substr(slash + 1))));
    if (!per.empty()) {
      out.per = "per_";
      out.per += per;
    }
  }
  return out;
}

void append_unless_present(std::vector<std::string>& tokens, const std::string& word) {
  if (!word.empty() && std::find(tokens.begin(), tokens.end(), word) == tokens.end()) tokens.push_back(word);
}

void move_to_end(std::vector<std::string>& tokens, const std::string& word) {
  std::erase(tokens, word);
  tokens.push_back(word);
}

}  // namespace

std::string unit_suffix(std::string_view unit) {
  UnitWords w = unit_words(unit);
  if (w.main.empty()) return w.per;
  if (!w.per.empty()) {
    w.main += '_';
    w.main += w.per;
  }
  return w.main;
}

std::string prometheus_metric_name(std::string_view name, std::string_view unit, MetricKind kind) {
  std::vector<std::string> tokens = words(name);
  const UnitWords unit_tokens = unit_words(unit);
  // A unit word already in the name is not repeated: `process.cpu.seconds`
  // with unit `s` stays process_cpu_seconds.
  append_unless_present(tokens, unit_tokens.main);
  append_unless_present(tokens, unit_tokens.per);
  if (kind == MetricKind::monotonic_counter) move_to_end(tokens, "total");
  // Only gauges: some instrumentations give counters of things unit "1".
  if (kind == MetricKind::gauge && trim(unit) == "1") move_to_end(tokens, "ratio");
  std::string out = join(tokens);
  if (!out.empty() && out.front() >= '0' && out.front() <= '9') out.insert(out.begin(), '_');
  return out;
}

}  // namespace vigil::ingest::otlp
