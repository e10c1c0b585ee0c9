#pragma once
// Compensated summation as Prometheus 2.53's kahanSumInc does it (Neumaier's
// variant), shared by the kernels that must reproduce its rounding.

namespace vigil::promql::kernels {

struct KahanSum {
  double sum = 0;
  double compensation = 0;

  // Once the sum is infinite the compensation becomes NaN (Inf - Inf), as in
  // Prometheus 2.53; callers that can see an infinite sum check `sum` first.
  void add(double inc);
  double total() const { return sum + compensation; }
};

}  // namespace vigil::promql::kernels
