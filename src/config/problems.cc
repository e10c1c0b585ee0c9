#include "config/problems.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>

namespace vigil::config {

void Problems::add(Where where, std::string key, std::string what) {
  problems_.push_back(Problem{std::move(where), std::move(key), std::move(what)});
}

void Problems::sort_by_line(size_t first) {
  std::stable_sort(problems_.begin() + static_cast<std::ptrdiff_t>(std::min(first, problems_.size())), problems_.end(),
                   [](const Problem& a, const Problem& b) { return a.where.line < b.where.line; });
}

Error Problems::to_error() const {
  std::string message;
  for (const auto& p : problems_) {
    if (!message.empty()) message += '\n';
    message += p.where.text;
    message += ": ";
    if (!p.key.empty()) {
      message += p.key;
      message += ": ";
    }
    message += p.what;
  }
  return make_error(ErrorKind::invalid_config, std::move(message));
}

Where file_position(std::string_view file, const YAML::Mark& mark) {
  std::string text(file);
  if (mark.is_null()) return Where(std::move(text));
  text += ':';
  text += std::to_string(mark.line + 1);
  return Where(std::move(text), mark.line + 1);
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
