#pragma once
// Reads one HTTP/1.x request head (request line and headers) from the bytes a
// connection has received so far. The endpoint serves requests without a
// body, so only what it answers from is kept.

#include <cstddef>
#include <string>
#include <string_view>

namespace vigil::exporter {

struct HttpRequest {
  std::string method;
  std::string path;    // the target without its query string
  std::string accept;  // every Accept header, joined with ','
  bool keep_alive = true;
  bool has_body = false;  // Content-Length other than 0, or Transfer-Encoding
};

enum class HeadStatus {
  incomplete,  // wait for more bytes
  complete,    // `request` and `size` are set
  malformed,   // answer 400 and close
  too_large,   // no complete head within the limit: answer 431 and close
};

struct ParsedHead {
  HeadStatus status = HeadStatus::incomplete;
  HttpRequest request;
  std::size_t size = 0;  // bytes of the head, including the blank line
};

// `received` starts at a request's first byte. Lines end in CRLF.
ParsedHead parse_request_head(std::string_view received, std::size_t max_bytes);

}  // namespace vigil::exporter
