#pragma once
// Compensated summation as Prometheus 2.53's kahanSumInc does it (Neumaier's
// variant), shared by the kernels that must reproduce its rounding. Inline:
// the over-time functions call it once per sample.

#include <cmath>

namespace vigil::promql::kernels {

struct KahanSum {
  double sum = 0;
  double compensation = 0;

  // Once the sum is infinite the compensation becomes NaN (Inf - Inf), as in
  // Prometheus 2.53; callers that can see an infinite sum check `sum` first.
  void add(double inc) {
    const double t = sum + inc;
    // The smaller operand is the one whose low-order bits t lost.
    if (std::fabs(sum) >= std::fabs(inc)) {
      compensation += (sum - t) + inc;
    } else {
      compensation += (inc - t) + sum;
    }
    sum = t;
  }
  double total() const { return sum + compensation; }
};

}  // namespace vigil::promql::kernels
