#include "api/http/url.h"

#include "core/url_escape.h"

namespace vigil::api {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // needs two hex digits
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Result<Target> parse_target(std::string_view target) {
  if (target.empty() || target[0] != '/') {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "request target must start with '/'"));
  }
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  auto path = percent_decode(raw_path, false);
  if (!path) {
    return std::unexpected(make_error(ErrorKind::invalid_argument, "bad percent-escape in request path"));
  }
  Target out;
  out.path = std::move(*path);
  if (q != std::string_view::npos) out.query = std::string(target.substr(q + 1));
  return out;
}

Result<std::multimap<std::string, std::string>> parse_form(std::string_view text) {
  std::multimap<std::string, std::string> params;
  size_t i = 0;
  while (i <= text.size()) {
    size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(i, amp - i);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view raw_key = pair.substr(0, eq);
      std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      auto key = percent_decode(raw_key, true);
      if (!key) {
        return std::unexpected(make_error(ErrorKind::invalid_argument,
                                          "bad percent-escape in parameter name \"" + std::string(raw_key) + "\""));
      }
      auto value = percent_decode(raw_value, true);
      if (!value) {
        return std::unexpected(
            make_error(ErrorKind::invalid_argument, "bad percent-escape in the value of parameter \"" + *key + "\""));
      }
      params.emplace(std::move(*key), std::move(*value));
    }
    i = amp + 1;
  }
  return params;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    append_query_escaped(out, name);
    out += '=';
    append_query_escaped(out, value);
  }
  return out;
}

}  // namespace vigil::api
