#include "config/duplicate_keys.h"

#include <cstddef>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace vigil::config {
namespace {

// Aliases let a small file describe a huge tree ("billion laughs"); the walk
// gives up after this many nodes rather than run for ever.
constexpr size_t kMaxNodes = 1'000'000;

class DuplicateKeyFinder {
 public:
  DuplicateKeyFinder(std::string_view file, Problems& problems) : file_(file), problems_(problems) {}

  void walk(const YAML::Node& node) {
    if (exhausted_) return;
    if (++visited_ > kMaxNodes) {
      exhausted_ = true;
      problems_.add(file_position(file_, node.Mark()), path(),
                    "the document expands to more than " + std::to_string(kMaxNodes) +
                        " nodes through aliases; not checked further");
      return;
    }
    if (node.IsSequence()) {
      size_t index = 0;
      for (const auto& item : node) {
        path_.emplace_back(index++);
        walk(item);
        path_.pop_back();
      }
    } else if (node.IsMap()) {
      std::map<std::string, int> first_line;  // key -> its first line, 1-based
      for (const auto& entry : node) {
        const YAML::Node& key = entry.first;
        path_.emplace_back(key.IsScalar() ? &key.Scalar() : nullptr);
        if (key.IsScalar()) {
          auto [it, inserted] = first_line.emplace(key.Scalar(), key.Mark().line + 1);
          if (!inserted) {
            problems_.add(file_position(file_, key.Mark()), path(),
                          "duplicate key (first at line " + std::to_string(it->second) + ")");
          }
        }
        walk(entry.second);
        path_.pop_back();
      }
    }
  }

 private:
  // The key path of the node being walked; built only for a problem.
  std::string path() const {
    std::string joined;
    for (const auto& part : path_) {
      if (const auto* index = std::get_if<size_t>(&part)) {
        joined.append("[").append(std::to_string(*index)).append("]");
      } else if (const std::string* key = std::get<const std::string*>(part)) {
        if (!joined.empty()) joined += '.';
        joined += key_text(*key);
      }
    }
    return joined;
  }

  std::string_view file_;
  Problems& problems_;
  // Per level, the index in a list or the key in a map (null when the key is
  // not a name); keys point into the document, which outlives the walk.
  std::vector<std::variant<size_t, const std::string*>> path_;
  size_t visited_ = 0;
  bool exhausted_ = false;
};

}  // namespace

void find_duplicate_keys(const YAML::Node& root, std::string_view file, Problems& problems) {
  DuplicateKeyFinder(file, problems).walk(root);
}

}  // namespace vigil::config
