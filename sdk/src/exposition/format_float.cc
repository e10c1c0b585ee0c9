// Go's strconv.FormatFloat(v, 'g', -1, 64), which the Prometheus text format
// uses for sample values: the shortest digits that round-trip, in %e form
// when the decimal exponent is < -4 or >= 6 ("if precision was the shortest
// possible, use precision 6 for this decision", strconv/ftoa.go), else in %f
// form. The exponent has a sign and at least two digits.

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "vigil/exposition/text_writer.h"

namespace vigil::exposition {

void append_float(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::signbit(v)) out += '-';  // also "-0", as Go prints it

  // Shortest round-trip digits in scientific form: "d[.ddd]e±XX".
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  const int exp = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int nd = static_cast<int>(digits.size());

  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (nd > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    const int abs_exp = std::abs(exp);
    if (abs_exp < 10) out += '0';
    out += std::to_string(abs_exp);
    return;
  }
  // %f with every significant digit: the integer part (padded with zeros
  // when the digits end before the point), then the fraction if any.
  const int point = exp + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
    return;
  }
  for (int i = 0; i < point; ++i) out += i < nd ? digits[static_cast<std::size_t>(i)] : '0';
  if (nd > point) {
    out += '.';
    out.append(digits, static_cast<std::size_t>(point));
  }
}

std::string format_float(double v) {
  std::string out;
  append_float(out, v);
  return out;
}

}  // namespace vigil::exposition
