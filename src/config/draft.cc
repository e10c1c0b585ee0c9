#include "config/draft.h"

#include <variant>

namespace vigil::config {

void Draft::set_scalar(const Leaf& leaf, std::string_view text, const Where& where) {
  const auto& scalar = std::get<ScalarLeaf>(leaf.kind);
  if (auto problem = scalar.parse_into(config, text)) {
    problems.add(where, std::string(leaf.path), std::move(*problem));
    return;
  }
  set_origin(leaf.path, where.text);
}

void Draft::set_origin(std::string_view path, std::string where) {
  auto it = origins_.find(path);
  if (it == origins_.end()) {
    origins_.emplace(std::string(path), std::move(where));
  } else {
    it->second = std::move(where);
  }
}

std::string Draft::origin(std::string_view path) const {
  auto it = origins_.find(path);
  return it == origins_.end() ? std::string("built-in defaults") : it->second;
}

}  // namespace vigil::config
