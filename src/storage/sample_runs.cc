#include "storage/sample_runs.h"

#include <utility>

namespace vigil::storage {

std::vector<Sample> merge_sample_runs(std::vector<std::vector<Sample>> runs) {
  std::erase_if(runs, [](const auto& run) { return run.empty(); });
  if (runs.empty()) return {};
  if (runs.size() == 1) return std::move(runs.front());
  std::vector<Sample> out = std::move(runs.front());
  std::vector<Sample> merged;
  for (size_t r = 1; r < runs.size(); ++r) {
    merged.clear();
    merged.reserve(out.size() + runs[r].size());
    size_t i = 0, j = 0;
    while (i < out.size() || j < runs[r].size()) {
      if (j == runs[r].size() || (i < out.size() && out[i].t <= runs[r][j].t)) {
        if (j < runs[r].size() && out[i].t == runs[r][j].t) ++j;
        merged.push_back(out[i++]);
      } else {
        merged.push_back(runs[r][j++]);
      }
    }
    std::swap(out, merged);
  }
  return out;
}

}  // namespace vigil::storage
