#pragma once
// Numbers and times as Prometheus's query API prints them. Prometheus writes
// points of vectors and matrices with its own jsoniter encoders and scalars
// and strings with Go's strconv, so the two spell the same number
// differently (checked against Debian's Prometheus 2.42):
//
//   point value  1e-7 -> "1e-07"      scalar value  1e-7 -> "0.0000001"
//   point time   50 ms -> 0.050       scalar time   50 ms -> 0.05

#include <cstdint>
#include <string>

namespace vigil::api {

// strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back
// exactly, never an exponent ("1000000000000000000000000000000" for 1e30);
// "+Inf", "-Inf", "NaN", "-0".
std::string format_float_plain(double value);

// A vector or matrix point's value: plain as above for 1e-6 <= |v| < 1e21
// and 0, else Go's 'e' form ("1e+21", "1e-07", "5e-324").
std::string format_point_value(double value);

// A point's timestamp: whole seconds, then '.' and exactly three digits when
// the milliseconds are not whole seconds ("1700000000", "0.050", "-1.500").
std::string format_point_time(int64_t ms);

// A scalar's or string's timestamp: the seconds as a float in plain form
// ("0.05", "-1.5").
std::string format_scalar_time(int64_t ms);

// A point as JSON, `[<time>,"<value>"]`, appended to `out` without
// temporary strings: a matrix answer writes hundreds of thousands of them.
void append_point_json(std::string& out, int64_t ms, double value);

}  // namespace vigil::api
