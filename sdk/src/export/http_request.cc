#include "http_request.h"

#include <algorithm>

#include "ascii.h"

namespace vigil::exporter {
namespace {

// Connection is a comma-separated token list ("keep-alive, Upgrade").
bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    if (ascii::iequals(ascii::trim_ows(list.substr(0, comma)), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool parse_request_line(std::string_view line, HttpRequest& request, bool& http10) {
  size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 == 0) return false;
  size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 == sp1 + 1) return false;
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!std::all_of(method.begin(), method.end(), ascii::is_token_char)) return false;
  if (target.find(' ') != std::string_view::npos) return false;
  if (version == "HTTP/1.0") {
    http10 = true;
  } else if (version != "HTTP/1.1") {
    return false;
  }
  request.method = method;
  request.path = target.substr(0, target.find('?'));
  return true;
}

}  // namespace

ParsedHead parse_request_head(std::string_view received, std::size_t max_bytes) {
  ParsedHead parsed;
  size_t end = received.find("\r\n\r\n");
  if (end == std::string_view::npos || end + 4 > max_bytes) {
    if (received.size() >= max_bytes) parsed.status = HeadStatus::too_large;
    return parsed;
  }
  parsed.size = end + 4;
  parsed.status = HeadStatus::malformed;
  std::string_view head = received.substr(0, end + 2);
  size_t eol = head.find("\r\n");
  bool http10 = false;
  if (!parse_request_line(head.substr(0, eol), parsed.request, http10)) return parsed;
  head.remove_prefix(eol + 2);

  // HTTP/1.1 connections persist unless closed; HTTP/1.0 ones only on request.
  bool close = false, keep_alive = false;
  while (!head.empty()) {
    eol = head.find("\r\n");
    std::string_view line = head.substr(0, eol);
    head.remove_prefix(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return parsed;
    std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), ascii::is_token_char)) return parsed;
    std::string_view value = ascii::trim_ows(line.substr(colon + 1));
    if (ascii::iequals(name, "accept")) {
      if (!parsed.request.accept.empty()) parsed.request.accept += ',';
      parsed.request.accept += value;
    } else if (ascii::iequals(name, "connection")) {
      close = close || has_token(value, "close");
      keep_alive = keep_alive || has_token(value, "keep-alive");
    } else if (ascii::iequals(name, "content-length")) {
      if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return parsed;
      parsed.request.has_body = parsed.request.has_body || value.find_first_not_of('0') != std::string_view::npos;
    } else if (ascii::iequals(name, "transfer-encoding")) {
      parsed.request.has_body = true;
    }
  }
  parsed.request.keep_alive = !close && (!http10 || keep_alive);
  parsed.status = HeadStatus::complete;
  return parsed;
}

}  // namespace vigil::exporter
