#include "export/otlp/http_post.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <mutex>
#include <string_view>

#include "ascii.h"

namespace vigil::exporter::otlp {
namespace {

struct Answer {
  std::string body;
  std::string content_type;
  std::string retry_after;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool has_name(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' && ascii::iequals(line.substr(0, name.size()), name);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  const std::string_view line(data, size * count);
  // A new status line (after a 100 Continue or a redirect) starts a new answer.
  if (line.starts_with("HTTP/")) *answer = {};
  if (has_name(line, "retry-after")) answer->retry_after = trim(line.substr(12));
  if (has_name(line, "content-type")) answer->content_type = trim(line.substr(13));
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  const size_t room = kMaxKeptBody - std::min(answer->body.size(), kMaxKeptBody);
  answer->body.append(data, std::min(room, size * count));
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* abort_at = static_cast<const std::atomic<int64_t>*>(user);
  const int64_t now =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  return now >= abort_at->load(std::memory_order_relaxed) ? 1 : 0;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value,
                                                           std::chrono::system_clock::time_point now) {
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  const char* end = value.data() + value.size();
  if (auto [ptr, ec] = std::from_chars(value.data(), end, seconds); ec == std::errc() && ptr == end) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::seconds(std::min(seconds, 86400LL));
  }
  const time_t at = curl_getdate(value.c_str(), nullptr);
  if (at < 0) return std::nullopt;
  // In seconds first: a date past 2262 does not fit a nanosecond time point.
  const auto delay =
      std::chrono::seconds(at) - std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  return std::chrono::milliseconds(
      std::clamp<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(), 0, 86400LL * 1000));
}

HttpPoster::HttpPoster() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  handle_ = curl_easy_init();
}

HttpPoster::~HttpPoster() {
  if (handle_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(handle_));
}

PostResult HttpPoster::post(const std::string& url, const std::map<std::string, std::string>& headers,
                            const std::string& body, std::chrono::milliseconds timeout,
                            const std::atomic<int64_t>& abort_at) {
  PostResult result;
  if (handle_ == nullptr) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CURL* h = static_cast<CURL*>(handle_);
  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/x-protobuf");
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : headers) list = curl_slist_append(list, (name + ": " + value).c_str());
  std::unique_ptr<curl_slist, SlistDeleter> header_list(list);

  Answer answer;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, const_cast<std::atomic<int64_t>*>(&abort_at));

  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &result.status);
  // The options point into this frame (buffers, the header list); the
  // reset forgets them and keeps the handle's connections.
  curl_easy_reset(h);
  if (code != CURLE_OK) {
    result.error = error[0] != '\0' ? error : curl_easy_strerror(code);
    return result;
  }
  result.body = std::move(answer.body);
  result.content_type = std::move(answer.content_type);
  result.retry_after = parse_retry_after(answer.retry_after, std::chrono::system_clock::now());
  return result;
}

}  // namespace vigil::exporter::otlp
