#pragma once
// A set of names viewed in the text being parsed (the metric names of TYPE
// lines, to find a second TYPE line for one name). Open addressing over a
// table that is cleared, not freed, between parses, so that parsing a scrape
// allocates nothing for it once the table has grown to the scrape's size.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace vigil::ingest::exposition {

class NameSet {
 public:
  void clear() noexcept {
    std::fill(slots_.begin(), slots_.end(), std::string_view());
    used_ = 0;
  }

  // Adds `name` (not empty; it must outlive the set's use); false when it was there.
  bool insert(std::string_view name) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    return place(slots_, name);
  }

 private:
  // An empty slot holds a view with no data: a name always has some.
  bool place(std::vector<std::string_view>& slots, std::string_view name) {
    const size_t mask = slots.size() - 1;
    for (size_t i = std::hash<std::string_view>{}(name) & mask;; i = (i + 1) & mask) {
      if (slots[i].data() == nullptr) {
        slots[i] = name;
        ++used_;
        return true;
      }
      if (slots[i] == name) return false;
    }
  }
  void grow() {
    std::vector<std::string_view> bigger(std::max<size_t>(64, slots_.size() * 2));
    used_ = 0;
    for (std::string_view name : slots_) {
      if (name.data() != nullptr) place(bigger, name);
    }
    slots_.swap(bigger);
  }

  std::vector<std::string_view> slots_;  // a power of two of them, at most half used
  size_t used_ = 0;
};

}  // namespace vigil::ingest::exposition
