#include "api/http/go_json.h"

#include <cmath>
#include <ctime>

#include <fmt/core.h>

#include "core/go_text.h"

namespace vigil::api {

std::string go_json_time(int64_t ms) {
  if (ms == 0) return "0001-01-01T00:00:00Z";
  const std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  const int64_t fraction = ms - static_cast<int64_t>(seconds) * 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::string out = text;
  if (fraction != 0) {
    std::string digits = fmt::format("{:03}", fraction);
    while (digits.back() == '0') digits.pop_back();
    out += '.';
    out += digits;
  }
  out += 'Z';
  return out;
}

std::string go_json_number(double value) {
  const double magnitude = std::fabs(value);
  if (magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21)) return format_go_float_fixed(value);
  std::string text = format_go_float_exponent(value);
  // encoding/json drops the exponent's leading zero: e-07 -> e-7.
  const size_t e = text.find('e');
  if (e != std::string::npos && text.size() == e + 4 && text[e + 2] == '0') text.erase(e + 2, 1);
  return text;
}

}  // namespace vigil::api
