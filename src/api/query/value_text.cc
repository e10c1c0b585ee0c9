#include "api/query/value_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace vigil::api {
namespace {

// Shortest round-trip digits in exponent form, "-1.2345e+06"; C++'s
// to_chars picks the same digits as Go's shortest formatting.
std::string shortest_scientific(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  return std::string(buffer, result.ptr);
}

std::string non_finite(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

}  // namespace

std::string format_float_plain(double value) {
  if (!std::isfinite(value)) return non_finite(value);
  const std::string scientific = shortest_scientific(value);
  std::string_view text = scientific;
  std::string out;
  if (text.front() == '-') {
    out += '-';
    text.remove_prefix(1);
  }
  const size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  // digits = d1 d2 d3 ... with the decimal point after d1, moved by exponent.
  const int point = exponent + 1;
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-point), '0');
    out += digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    out += digits;
    out.append(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    out += std::string_view(digits).substr(0, static_cast<size_t>(point));
    out += '.';
    out += std::string_view(digits).substr(static_cast<size_t>(point));
  }
  return out;
}

std::string format_point_value(double value) {
  if (!std::isfinite(value)) return non_finite(value);
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) return shortest_scientific(value);
  return format_float_plain(value);
}

std::string format_point_time(int64_t ms) {
  std::string out;
  // Negated in unsigned arithmetic so that INT64_MIN does not overflow.
  uint64_t magnitude = static_cast<uint64_t>(ms);
  if (ms < 0) {
    out += '-';
    magnitude = 0 - magnitude;
  }
  out += std::to_string(magnitude / 1000);
  const uint64_t fraction = magnitude % 1000;
  if (fraction != 0) {
    out += '.';
    if (fraction < 100) out += '0';
    if (fraction < 10) out += '0';
    out += std::to_string(fraction);
  }
  return out;
}

std::string format_scalar_time(int64_t ms) { return format_float_plain(static_cast<double>(ms) / 1000.0); }

}  // namespace vigil::api
