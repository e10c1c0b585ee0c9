#include "alerting/alert.h"

namespace vigil::alerting {

Alert merge(const Alert& a, const Alert& b, TimePoint now) {
  if (b.updated_at < a.updated_at) return merge(b, a, now);
  // b is the younger post.
  Alert out = b;
  if (a.starts_at < b.starts_at) out.starts_at = a.starts_at;
  if (b.resolved_at(now)) {
    if (a.resolved_at(now) && a.ends_at > b.ends_at) out.ends_at = a.ends_at;
  } else if (a.ends_at > b.ends_at && !a.timeout) {
    out.ends_at = a.ends_at;
  }
  return out;
}

}  // namespace vigil::alerting
