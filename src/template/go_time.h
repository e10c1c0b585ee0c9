#pragma once
// Go's time.Time as templates see it, always in UTC: String(), Format with
// Go's reference layout ("2006-01-02T15:04:05Z07:00"), and the methods
// Alertmanager templates call on .StartsAt / .EndsAt.

#include <memory>
#include <string>
#include <string_view>

#include "template/value.h"

namespace vigil::tmpl {

// time.Time.String(): "2024-01-02 03:04:05.5 +0000 UTC".
std::string format_go_time(TimePoint point);

// time.Time.Format(layout) in UTC.
std::string format_go_time(TimePoint point, std::string_view layout);

// Format, Unix, UnixMilli, UnixNano, UTC, Local, String, IsZero, Year, Day,
// Hour, Minute, Second: the methods a time value answers to.
std::shared_ptr<const Methods> go_time_methods();

// Value::time with go_time_methods() attached.
Value time_value(TimePoint point);

}  // namespace vigil::tmpl
