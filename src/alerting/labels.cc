#include "alerting/labels.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "core/go_text.h"

namespace vigil::alerting {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;
constexpr unsigned char kSeparator = 0xff;

uint64_t add_byte(uint64_t hash, unsigned char byte) { return (hash ^ byte) * kFnvPrime; }

uint64_t add_text(uint64_t hash, const std::string& text) {
  for (char c : text) hash = add_byte(hash, static_cast<unsigned char>(c));
  return hash;
}

}  // namespace

uint64_t fingerprint(const Labels& labels) {
  uint64_t hash = kFnvOffset;
  for (const auto& [name, value] : labels) {
    hash = add_byte(add_text(hash, name), kSeparator);
    hash = add_byte(add_text(hash, value), kSeparator);
  }
  return hash;
}

std::string fingerprint_text(uint64_t fingerprint) { return fmt::format("{:016x}", fingerprint); }

std::string labels_text(const Labels& labels) {
  std::vector<std::string> pairs;
  pairs.reserve(labels.size());
  for (const auto& [name, value] : labels) {
    std::string pair = name;
    pair += '=';
    pair += quote_go_string(value);
    pairs.push_back(std::move(pair));
  }
  // Go sorts the printed pairs, not the names: "a:b=..." comes before "a=...".
  std::sort(pairs.begin(), pairs.end());
  std::string out = "{";
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (i > 0) out += ", ";
    out += pairs[i];
  }
  out += '}';
  return out;
}

const std::string& label_value(const Labels& labels, const std::string& name) {
  static const std::string kEmpty;
  auto it = labels.find(name);
  return it == labels.end() ? kEmpty : it->second;
}

bool is_valid_label_name(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

}  // namespace vigil::alerting
