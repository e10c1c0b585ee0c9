#pragma once
// Floats that are decimals: most monitoring values are scraped as text such
// as `0.25` or `1234.56`, so they are exactly the double nearest m / 10^e for
// a small integer m. The block encoding stores m instead of the float; these
// functions define the one formula both directions use.

#include <cstdint>
#include <limits>
#include <optional>

namespace vigil::storage::block {

inline constexpr int kMinDecimalExponent = -18;
inline constexpr int kMaxDecimalExponent = 18;
inline constexpr int8_t kNotDecimal = std::numeric_limits<int8_t>::max();

// m / 10^e for e >= 0 and m * 10^-e for e < 0: one IEEE operation on
// (double)m, rounding to nearest. `exponent` must be within the limits above.
double decimal_value(int64_t mantissa, int exponent);

// The mantissa for which decimal_value gives back exactly `v`'s bits at
// `exponent`, if there is one (never for NaN, infinities or -0).
std::optional<int64_t> decimal_mantissa(double v, int exponent);

// The smallest exponent at which `v` is a decimal, or kNotDecimal. Larger
// exponents work too as long as the mantissa stays exact.
int8_t smallest_decimal_exponent(double v);

}  // namespace vigil::storage::block
