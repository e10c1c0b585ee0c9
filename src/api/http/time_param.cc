#include "api/http/time_param.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <string>

namespace vigil::api {
namespace {

// Unix seconds with a fraction; decimal only (no hex, no inf or nan).
std::optional<int64_t> unix_seconds_ms(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    const bool allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    if (!allowed) return std::nullopt;
  }
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  // Whole seconds and the fraction rounded to milliseconds, as Prometheus's
  // parseTime does; beyond ±2^53 seconds the milliseconds do not fit.
  double whole = 0;
  const double fraction = std::modf(value, &whole);
  if (std::fabs(whole) > 9.0e15) return std::nullopt;
  return static_cast<int64_t>(whole) * 1000 + static_cast<int64_t>(std::round(fraction * 1000));
}

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> digits_at(std::string_view text, size_t pos, size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
std::optional<int64_t> rfc3339_ms(std::string_view text) {
  auto year = digits_at(text, 0, 4);
  auto month = digits_at(text, 5, 2);
  auto day = digits_at(text, 8, 2);
  auto hour = digits_at(text, 11, 2);
  auto minute = digits_at(text, 14, 2);
  auto second = digits_at(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month), std::chrono::day(*day)};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  size_t pos = 19;
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    size_t digits = 0;
    for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }

  int64_t offset_seconds = 0;
  if (pos + 1 == text.size() && text[pos] == 'Z') {
    pos += 1;
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
    auto off_hour = digits_at(text, pos + 1, 2);
    auto off_minute = digits_at(text, pos + 4, 2);
    if (!off_hour || !off_minute || *off_hour > 23 || *off_minute > 59) return std::nullopt;
    offset_seconds = (*off_hour * 3600 + *off_minute * 60) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }

  const int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - offset_seconds;
  return seconds * 1000 + millis;
}

}  // namespace

Result<int64_t> parse_time_param(std::string_view text) {
  if (auto ms = unix_seconds_ms(text)) return *ms;
  if (auto ms = rfc3339_ms(text)) return *ms;
  return std::unexpected(
      make_error(ErrorKind::invalid_argument, "cannot parse \"" + std::string(text) + "\" to a valid timestamp"));
}

}  // namespace vigil::api
