#include "alerting/notify/http_post.h"
#include "alerting/notify/secret_file.h"

#include <curl/curl.h>

#include "core/build_info.h"

namespace vigil::alerting::notify {
namespace {

size_t keep_answer(char* data, size_t size, size_t count, void* user) {
  auto& body = *static_cast<std::string*>(user);
  const size_t n = size * count;
  body.append(data, std::min(n, kMaxAnswerBody - std::min(body.size(), kMaxAnswerBody)));
  return n;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// Basic auth or an Authorization header, as Prometheus's client sends them.
Result<void> apply_auth(const HttpConfig& config, CURL* h, HeaderList& headers) {
  if (const auto& basic = config.basic_auth) {
    std::string password = basic->password;
    if (!basic->password_file.empty()) {
      auto read = read_secret_file(basic->password_file, "basic auth password");
      if (!read) return std::unexpected(read.error());
      password = *read;
    }
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, basic->username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password.c_str());  // libcurl copies it
  } else if (const auto& auth = config.authorization) {
    std::string credentials = auth->credentials;
    if (!auth->credentials_file.empty()) {
      auto read = read_secret_file(auth->credentials_file, "authorization credentials");
      if (!read) return std::unexpected(read.error());
      credentials = *read;
    }
    std::string header = "Authorization: ";
    header += auth->type;
    header += ' ';
    header += credentials;
    headers.add(header);
  }
  return {};
}

}  // namespace

std::string user_agent() {
  std::string agent = "Vigil/";
  agent += build_info().version;
  return agent;
}

Result<HttpAnswer> http_post(const HttpConfig& config, const HttpPost& post, Deadline deadline,
                             const std::stop_token& stop) {
  CurlEasy curl;
  if (!curl) return std::unexpected(make_error(ErrorKind::internal, "curl_easy_init failed"));
  CURL* h = curl.get();

  auto url = curl.apply_tls(config.tls_config, post.url);
  if (!url) return std::unexpected(url.error());
  HeaderList headers;
  if (*url != post.url) {
    // Go sends the URL's host, not the TLS server name, as Host.
    headers.add("Host: " + split_url(post.url).authority);
  }
  if (auto auth = apply_auth(config, h, headers); !auth) return std::unexpected(auth.error());
  for (const auto& [name, value] : post.headers) headers.add(name + ": " + value);
  headers.add("Expect:");  // no 100-continue round trip, as Go's client

  curl_easy_setopt(h, CURLOPT_URL, url->c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
  const std::string agent = user_agent();
  curl_easy_setopt(h, CURLOPT_USERAGENT, agent.c_str());
  if (config.follow_redirects) {
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);  // Go's limit
    // A 301/302/303 turns the POST into a GET, as in Go.
  }
  if (!config.proxy_url.empty()) curl_easy_setopt(h, CURLOPT_PROXY, config.proxy_url.c_str());
  if (!config.enable_http2) curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  HttpAnswer answer;
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &keep_answer);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
  curl.limit(deadline, stop);

  if (auto done = curl.perform(); !done) return std::unexpected(done.error());
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

}  // namespace vigil::alerting::notify
