#include "storage/appender.h"

namespace vigil::storage {

const char* to_string(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::out_of_bounds: return "out_of_bounds";
    case RejectReason::out_of_order: return "out_of_order";
    case RejectReason::duplicate_timestamp: return "duplicate_timestamp";
    case RejectReason::invalid_series: return "invalid_series";
    case RejectReason::series_limit: return "series_limit";
  }
  return "unknown";
}

}  // namespace vigil::storage
