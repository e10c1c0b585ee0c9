#pragma once
// OTLP/HTTP POSTs with libcurl: a protobuf body, the configured headers,
// a timeout, and a deadline another thread can move (shutdown cuts off a
// request in flight).

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace vigil::exporter::otlp {

struct PostResult {
  long status = 0;    // 0: no HTTP answer (connection error, timeout)
  std::string error;  // curl's message when status is 0
  std::string body;   // the answer's first bytes (kMaxKeptBody)
  std::string content_type;
  std::optional<std::chrono::milliseconds> retry_after;  // from a Retry-After header
};

inline constexpr size_t kMaxKeptBody = 4096;

// POSTs from one thread over one libcurl handle, so that a kept-alive
// connection to the receiver serves export after export (curl reconnects
// when the receiver closed it meanwhile).
class HttpPoster {
 public:
  HttpPoster();
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  // `abort_at` is a steady_clock time in nanoseconds since its epoch: the
  // request is abandoned when it passes (checked by curl's progress
  // callback, at least once a second).
  PostResult post(const std::string& url, const std::map<std::string, std::string>& headers, const std::string& body,
                  std::chrono::milliseconds timeout, const std::atomic<int64_t>& abort_at);

 private:
  void* handle_;  // CURL*, kept out of this header
};

// Retry-After as delay-seconds or an HTTP date (relative to `now`, never
// negative); std::nullopt when it is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now);

}  // namespace vigil::exporter::otlp
