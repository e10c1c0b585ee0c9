#include "promql/kernels/kahan_sum.h"

#include <cmath>

namespace vigil::promql::kernels {

void KahanSum::add(double inc) {
  const double t = sum + inc;
  if (std::isinf(t)) {
    // Once the sum overflows, the compensation would be Inf - Inf.
    compensation = 0;
  } else if (std::fabs(sum) >= std::fabs(inc)) {
    compensation += (sum - t) + inc;
  } else {
    compensation += (inc - t) + sum;
  }
  sum = t;
}

double KahanSum::total() const { return sum + compensation; }

}  // namespace vigil::promql::kernels
