#pragma once
// Compensated summation as Prometheus's kahanSumInc does it (Neumaier's
// variant), shared by the kernels that must reproduce its rounding.

namespace vigil::promql::kernels {

struct KahanSum {
  double sum = 0;
  double compensation = 0;

  void add(double inc);
  // An infinite sum has a zero compensation, so it stays infinite.
  double total() const;
};

}  // namespace vigil::promql::kernels
