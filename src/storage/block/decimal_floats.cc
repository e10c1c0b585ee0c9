#include "storage/block/decimal_floats.h"

#include <array>
#include <bit>
#include <cmath>

namespace vigil::storage::block {

namespace {

// Every power of ten up to 1e22 is an exact double, so decimal_value is one
// correctly rounded operation: the double nearest the decimal, which is what
// parsing its text gives.
constexpr std::array<double, kMaxDecimalExponent + 1> kPowersOfTen = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

uint64_t bits_of(double v) { return std::bit_cast<uint64_t>(v); }

}  // namespace

double decimal_value(int64_t mantissa, int exponent) {
  double m = static_cast<double>(mantissa);
  return exponent >= 0 ? m / kPowersOfTen[static_cast<size_t>(exponent)]
                       : m * kPowersOfTen[static_cast<size_t>(-exponent)];
}

std::optional<int64_t> decimal_mantissa(double v, int exponent) {
  double scaled = exponent >= 0 ? v * kPowersOfTen[static_cast<size_t>(exponent)]
                                : v / kPowersOfTen[static_cast<size_t>(-exponent)];
  scaled = std::round(scaled);
  if (!(std::fabs(scaled) < 0x1p63)) return std::nullopt;  // also NaN and infinities
  auto mantissa = static_cast<int64_t>(scaled);
  if (bits_of(decimal_value(mantissa, exponent)) != bits_of(v)) return std::nullopt;
  return mantissa;
}

int8_t smallest_decimal_exponent(double v) {
  if (bits_of(v) == 0) return kMinDecimalExponent;  // +0 is 0 at any exponent
  if (decimal_mantissa(v, 0)) {
    int e = 0;
    while (e > kMinDecimalExponent && decimal_mantissa(v, e - 1)) --e;
    return static_cast<int8_t>(e);
  }
  for (int e = 1; e <= kMaxDecimalExponent; ++e) {
    if (decimal_mantissa(v, e)) return static_cast<int8_t>(e);
  }
  return kNotDecimal;
}

}  // namespace vigil::storage::block
