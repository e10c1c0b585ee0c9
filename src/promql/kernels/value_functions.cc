// The functions of one float value (abs, ln, sin, ...) and round. The
// transcendental ones come from the C library, whose results can differ from
// Go's math package (which Prometheus uses) in the last bit.

#include <cmath>
#include <numbers>
#include <utility>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

// sgn keeps NaN and signed zeros as they are.
double sign(double v) {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

// Multiplying before dividing, in Prometheus's order: v * (π / 180) would
// round differently.
double radians(double v) { return v * std::numbers::pi / 180; }
double degrees(double v) { return v * 180 / std::numbers::pi; }

constexpr std::pair<std::string_view, ValueFunction> kValueFunctions[] = {
    {"abs", [](double v) { return std::fabs(v); }},
    {"ceil", [](double v) { return std::ceil(v); }},
    {"floor", [](double v) { return std::floor(v); }},
    {"exp", [](double v) { return std::exp(v); }},
    {"sqrt", [](double v) { return std::sqrt(v); }},
    {"ln", [](double v) { return std::log(v); }},
    {"log2", [](double v) { return std::log2(v); }},
    {"log10", [](double v) { return std::log10(v); }},
    {"sgn", sign},
    {"sin", [](double v) { return std::sin(v); }},
    {"cos", [](double v) { return std::cos(v); }},
    {"tan", [](double v) { return std::tan(v); }},
    {"asin", [](double v) { return std::asin(v); }},
    {"acos", [](double v) { return std::acos(v); }},
    {"atan", [](double v) { return std::atan(v); }},
    {"sinh", [](double v) { return std::sinh(v); }},
    {"cosh", [](double v) { return std::cosh(v); }},
    {"tanh", [](double v) { return std::tanh(v); }},
    {"asinh", [](double v) { return std::asinh(v); }},
    {"acosh", [](double v) { return std::acosh(v); }},
    {"atanh", [](double v) { return std::atanh(v); }},
    {"deg", degrees},
    {"rad", radians},
};

}  // namespace

ValueFunction find_value_function(std::string_view name) {
  for (const auto& [function_name, function] : kValueFunctions) {
    if (function_name == name) return function;
  }
  return nullptr;
}

double round_to(double v, double to_nearest) {
  // Dividing by the inverse, not multiplying by to_nearest, is what
  // Prometheus does; it rounds fewer decimal fractions astray (0.1 steps).
  const double inverse = 1.0 / to_nearest;
  return std::floor(v * inverse + 0.5) / inverse;
}

}  // namespace vigil::promql::kernels
