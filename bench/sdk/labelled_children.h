#pragma once
// Populates a counter family with many children for the collection
// benchmarks: labels handler="/api/v1/handler_<i>" and code="<200 + j>", the
// same series and values for Vigil and prometheus-cpp.

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include <string>

#include "vigil/metrics/counter.h"
#include "vigil/metrics/family.h"

namespace vigil::bench {

inline constexpr int kCodesPerHandler = 100;

inline std::string handler_label(int child) { return "/api/v1/handler_" + std::to_string(child / kCodesPerHandler); }
inline std::string code_label(int child) { return std::to_string(200 + child % kCodesPerHandler); }
inline double child_value(int child) { return child * 7 % 1000 + 1; }

// The family's label names must be {"handler", "code"}.
inline void add_children(metrics::Family<metrics::Counter>& family, int count) {
  for (int c = 0; c < count; ++c) family.with({handler_label(c), code_label(c)}).inc(child_value(c));
}

inline void add_children(prometheus::Family<prometheus::Counter>& family, int count) {
  for (int c = 0; c < count; ++c)
    family.Add({{"handler", handler_label(c)}, {"code", code_label(c)}}).Increment(child_value(c));
}

}  // namespace vigil::bench
