#include "config/problems.h"

#include <cstdio>

namespace vigil::config {

void Problems::add(std::string where, std::string key, std::string what) {
  problems_.push_back(Problem{std::move(where), std::move(key), std::move(what)});
}

Error Problems::to_error() const {
  std::string message;
  for (const auto& p : problems_) {
    if (!message.empty()) message += '\n';
    message += p.where;
    message += ": ";
    if (!p.key.empty()) {
      message += p.key;
      message += ": ";
    }
    message += p.what;
  }
  return make_error(ErrorKind::invalid_config, std::move(message));
}

std::string file_position(std::string_view file, const YAML::Mark& mark) {
  std::string where(file);
  if (mark.is_null()) return where;
  where += ':';
  where += std::to_string(mark.line + 1);
  return where;
}

std::string quoted(std::string_view text) {
  constexpr size_t kMaxShown = 80;
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  if (text.size() > kMaxShown) out += "...";
  return out;
}

std::string key_text(std::string_view key) {
  constexpr size_t kMaxPlain = 80;
  bool plain = !key.empty() && key.size() <= kMaxPlain;
  for (char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    plain = plain && byte >= 0x20 && byte != 0x7f;
  }
  return plain ? std::string(key) : quoted(key);
}

}  // namespace vigil::config
