#include "api/query/query_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "api/http/time_param.h"
#include "core/duration.h"

namespace vigil::api {
namespace {

Error bad_param(std::string_view name, std::string_view why) {
  std::string message = "invalid parameter \"";
  message += name;
  message += "\": ";
  message += why;
  return make_error(ErrorKind::invalid_argument, std::move(message));
}

std::string param(const RequestContext& context, const std::string& name) {
  return form_value(context, name).value_or("");
}

// Go's strconv.ParseFloat for the decimal forms, "inf" and "nan" included.
std::optional<double> parse_go_float(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<std::optional<std::chrono::nanoseconds>> timeout_param(const RequestContext& context) {
  const std::string text = param(context, "timeout");
  if (text.empty()) return std::nullopt;
  auto timeout = parse_query_duration(text);
  if (!timeout) return std::unexpected(bad_param("timeout", timeout.error().message));
  return *timeout;
}

Result<int64_t> required_time(const RequestContext& context, const std::string& name) {
  auto time = parse_time_param(param(context, name));
  if (!time) return std::unexpected(bad_param(name, time.error().message));
  return *time;
}

}  // namespace

Result<std::chrono::nanoseconds> parse_query_duration(std::string_view text) {
  if (auto seconds = parse_go_float(text)) {
    const double ns = *seconds * 1e9;
    if (ns > static_cast<double>(std::numeric_limits<int64_t>::max()) ||
        ns < static_cast<double>(std::numeric_limits<int64_t>::min())) {
      return std::unexpected(make_error(ErrorKind::invalid_argument, "cannot parse \"" + std::string(text) +
                                                                         "\" to a valid duration. It overflows int64"));
    }
    // Go turns NaN into the most negative duration, which every caller
    // then refuses as not positive.
    if (std::isnan(ns)) return std::chrono::nanoseconds(std::numeric_limits<int64_t>::min());
    return std::chrono::nanoseconds(static_cast<int64_t>(ns));
  }
  if (auto duration = parse_duration(text)) return std::chrono::duration_cast<std::chrono::nanoseconds>(*duration);
  return std::unexpected(
      make_error(ErrorKind::invalid_argument, "cannot parse \"" + std::string(text) + "\" to a valid duration"));
}

Result<InstantQueryParams> instant_query_params(const RequestContext& context, int64_t now_ms) {
  InstantQueryParams params;
  params.time_ms = now_ms;
  if (const std::string text = param(context, "time"); !text.empty()) {
    auto time = parse_time_param(text);
    if (!time) {
      // Prometheus's parseTimeParam wraps the message once more.
      return std::unexpected(bad_param("time", "Invalid time value for 'time': " + time.error().message));
    }
    params.time_ms = *time;
  }
  auto timeout = timeout_param(context);
  if (!timeout) return std::unexpected(timeout.error());
  params.timeout = *timeout;
  params.query = param(context, "query");
  return params;
}

Result<RangeQueryParams> range_query_params(const RequestContext& context) {
  RangeQueryParams params;
  auto start = required_time(context, "start");
  if (!start) return std::unexpected(start.error());
  auto end = required_time(context, "end");
  if (!end) return std::unexpected(end.error());
  if (*end < *start) return std::unexpected(bad_param("end", "end timestamp must not be before start time"));
  auto step = parse_query_duration(param(context, "step"));
  if (!step) return std::unexpected(bad_param("step", step.error().message));
  if (step->count() <= 0) {
    return std::unexpected(
        bad_param("step", "zero or negative query resolution step widths are not accepted. Try a positive integer"));
  }
  // Counted in nanoseconds as Go's end.Sub(start)/step, so that a step
  // below a millisecond counts too. Go saturates a span beyond 292 years and
  // so lets such ranges through with a step of a year; they are refused here.
  int64_t span = 0;
  const bool overflows =
      __builtin_sub_overflow(*end, *start, &span) || __builtin_mul_overflow(span, int64_t{1'000'000}, &span);
  if (overflows || span / step->count() > kMaxPointsPerSeries) {
    return std::unexpected(make_error(ErrorKind::invalid_argument,
                                      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing "
                                      "the query resolution (?step=XX)"));
  }
  auto timeout = timeout_param(context);
  if (!timeout) return std::unexpected(timeout.error());
  params.start_ms = *start;
  params.end_ms = *end;
  params.step_ms = std::max<int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(*step).count());
  params.timeout = *timeout;
  params.query = param(context, "query");
  return params;
}

}  // namespace vigil::api
