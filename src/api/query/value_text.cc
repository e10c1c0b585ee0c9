#include "api/query/value_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/go_text.h"

namespace vigil::api {
namespace {

constexpr size_t kPlainBuffer = vigil::kGoFloatFixedBuffer;

const char* non_finite(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

// Shortest round-trip digits in exponent form, "-1.2345e+06"; C++'s
// to_chars picks the same digits as Go's shortest formatting.
char* write_scientific(char* out, char* end, double value) {
  return std::to_chars(out, end, value, std::chars_format::scientific).ptr;
}

char* write_point_value(char* out, char* end, double value) {
  if (!std::isfinite(value)) {
    const std::string_view text = non_finite(value);
    return std::copy(text.begin(), text.end(), out);
  }
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21)) return write_scientific(out, end, value);
  return vigil::write_go_float_fixed(out, value);
}

char* write_point_time(char* out, char* end, int64_t ms) {
  // Negated in unsigned arithmetic so that INT64_MIN does not overflow.
  uint64_t magnitude = static_cast<uint64_t>(ms);
  if (ms < 0) {
    *out++ = '-';
    magnitude = 0 - magnitude;
  }
  out = std::to_chars(out, end, magnitude / 1000).ptr;
  const uint64_t fraction = magnitude % 1000;
  if (fraction != 0) {
    *out++ = '.';
    *out++ = static_cast<char>('0' + fraction / 100);
    *out++ = static_cast<char>('0' + fraction / 10 % 10);
    *out++ = static_cast<char>('0' + fraction % 10);
  }
  return out;
}

}  // namespace

std::string format_float_plain(double value) { return vigil::format_go_float_fixed(value); }

std::string format_point_value(double value) {
  char buffer[kPlainBuffer];
  return std::string(buffer, write_point_value(buffer, buffer + sizeof buffer, value));
}

std::string format_point_time(int64_t ms) {
  char buffer[32];
  return std::string(buffer, write_point_time(buffer, buffer + sizeof buffer, ms));
}

std::string format_scalar_time(int64_t ms) { return format_float_plain(static_cast<double>(ms) / 1000.0); }

void append_point_json(std::string& out, int64_t ms, double value) {
  char buffer[kPlainBuffer + 40];
  char* end = buffer + sizeof buffer;
  char* p = buffer;
  *p++ = '[';
  p = write_point_time(p, end, ms);
  *p++ = ',';
  *p++ = '"';
  p = write_point_value(p, end, value);
  *p++ = '"';
  *p++ = ']';
  out.append(buffer, p);
}

}  // namespace vigil::api
