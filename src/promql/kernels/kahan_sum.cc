#include "promql/kernels/kahan_sum.h"

#include <cmath>

namespace vigil::promql::kernels {

void KahanSum::add(double inc) {
  const double t = sum + inc;
  // The smaller operand is the one whose low-order bits t lost.
  if (std::fabs(sum) >= std::fabs(inc)) {
    compensation += (sum - t) + inc;
  } else {
    compensation += (inc - t) + sum;
  }
  sum = t;
}

}  // namespace vigil::promql::kernels
