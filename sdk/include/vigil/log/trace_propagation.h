#pragma once
// Carries the correlation id across HTTP calls as a W3C `traceparent`: a
// request's trace-id becomes the id of its correlation scope, and calls made
// inside that scope send it on, so the logs of every service share the id.
//
//   CorrelationScope scope(correlation_id_from_traceparent(request_header));
//   ...
//   if (auto tp = outgoing_traceparent()) outgoing_request.set("traceparent", *tp);

#include <optional>
#include <string>
#include <string_view>

namespace vigil::log {

// The trace-id of a valid `traceparent` header value (32 lowercase hex
// characters); for an empty or invalid value a new id, since W3C Trace
// Context says a receiver that cannot parse the header starts a new trace.
std::string correlation_id_from_traceparent(std::string_view header);

// The `traceparent` value for a call made in the current correlation scope:
// version 00, the scope's id as trace-id, a new random parent-id per call
// (the call has no span of its own to name), and the sampled flag as given.
// std::nullopt when there is no scope, or when its id is not a trace-id (an
// `X-Request-ID` such as "req-42"): then there is nothing W3C-shaped to send.
std::optional<std::string> outgoing_traceparent(bool sampled = true);

}  // namespace vigil::log
