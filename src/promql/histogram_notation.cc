#include "promql/histogram_notation.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "promql/number_literal.h"

namespace vigil::promql {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

enum class ValueForm { integer, number, bucket_list };

struct Key {
  std::string_view name;
  ValueForm form;
};

constexpr std::array<Key, 9> kKeys{{
    {"schema", ValueForm::integer},
    {"sum", ValueForm::number},
    {"count", ValueForm::number},
    {"z_bucket", ValueForm::number},
    {"z_bucket_w", ValueForm::number},
    {"buckets", ValueForm::bucket_list},
    {"offset", ValueForm::integer},
    {"n_buckets", ValueForm::bucket_list},
    {"n_offset", ValueForm::integer},
}};

std::expected<int, std::string> parse_integer(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return std::unexpected("invalid integer " + std::string(text) + " in histogram description");
  }
  return v;
}

std::expected<void, std::string> check_number(std::string_view text) {
  auto v = parse_number_literal(text);
  if (!v) return std::unexpected(v.error());
  return {};
}

// The numbers of `[1 2 3]`, space separated.
std::expected<void, std::string> check_bucket_list(std::string_view text) {
  if (!text.starts_with('[') || !text.ends_with(']')) {
    return std::unexpected("expected a bucket list \"[...]\" in histogram description, got " + std::string(text));
  }
  text = text.substr(1, text.size() - 2);
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (auto ok = check_number(text.substr(i, end - i)); !ok) return ok;
    i = end;
  }
  return {};
}

}  // namespace

std::expected<int, std::string> check_histogram_desc(std::string_view body) {
  int schema = 0;
  std::vector<std::string_view> seen;
  size_t i = 0;
  while (i < body.size()) {
    if (is_space(body[i])) {
      ++i;
      continue;
    }
    size_t colon = body.find(':', i);
    if (colon == std::string_view::npos) {
      return std::unexpected("expected \"key:value\" in histogram description, got " + std::string(body.substr(i)));
    }
    std::string_view name = body.substr(i, colon - i);
    const auto* key = std::ranges::find(kKeys, name, &Key::name);
    if (key == kKeys.end())
      return std::unexpected("unknown key \"" + std::string(name) + "\" in histogram description");
    if (std::ranges::find(seen, name) != seen.end()) {
      return std::unexpected("duplicate key \"" + std::string(name) + "\" in histogram description");
    }
    seen.push_back(name);
    size_t end = colon + 1;
    if (key->form == ValueForm::bucket_list) {
      end = body.find(']', end);
      end = end == std::string_view::npos ? body.size() : end + 1;
    } else {
      while (end < body.size() && !is_space(body[end])) ++end;
    }
    std::string_view value = body.substr(colon + 1, end - colon - 1);
    if (key->form == ValueForm::integer) {
      auto v = parse_integer(value);
      if (!v) return std::unexpected(v.error());
      if (name == "schema") schema = *v;
    } else if (key->form == ValueForm::number) {
      if (auto ok = check_number(value); !ok) return std::unexpected(ok.error());
    } else if (auto ok = check_bucket_list(value); !ok) {
      return std::unexpected(ok.error());
    }
    i = end;
  }
  return schema;
}

}  // namespace vigil::promql
