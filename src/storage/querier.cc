#include "storage/querier.h"

#include <algorithm>
#include <set>

#include "storage/sample_runs.h"

namespace vigil::storage {
namespace {

// One matching series in the head (source 0) or a block (source b + 1),
// before its samples are read.
struct Part {
  LabelSet labels;
  size_t source;  // lower is preferred when timestamps collide
  uint64_t id;    // head ref or block series id
};

}  // namespace

Querier::Querier(const head::Head& head, std::vector<std::shared_ptr<const block::Block>> blocks, int64_t mint,
                 int64_t maxt)
    : head_(head), blocks_(std::move(blocks)), mint_(mint), maxt_(maxt) {
  std::erase_if(blocks_, [&](const auto& b) { return b->meta().max_time <= mint_ || b->meta().min_time > maxt_; });
}

bool Querier::head_overlaps() const {
  return head_.num_series() > 0 && head_.max_time() >= mint_ && head_.min_time() <= maxt_;
}

Result<void> Querier::for_each_series(std::span<const index::Matcher> matchers,
                                      const std::function<void(SeriesData&&)>& visit) const {
  std::vector<Part> parts;
  // The head first: its samples are the newest word on a timestamp.
  if (head_overlaps()) {
    for (uint64_t ref : head_.select(matchers)) {
      std::optional<LabelSet> labels = head_.labels(ref);
      if (!labels) continue;  // truncated away meanwhile
      parts.push_back({std::move(*labels), 0, ref});
    }
  }
  for (size_t b = 0; b < blocks_.size(); ++b)
    for (uint32_t id : blocks_[b]->select(matchers)) parts.push_back({blocks_[b]->labels(id), b + 1, id});
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    if (auto c = a.labels <=> b.labels; c != 0) return c < 0;
    return a.source < b.source;
  });
  std::vector<std::vector<Sample>> runs;
  for (size_t i = 0; i < parts.size();) {
    size_t j = i + 1;
    while (j < parts.size() && parts[j].labels == parts[i].labels) ++j;
    runs.clear();
    for (size_t k = i; k < j; ++k) {
      std::vector<Sample> samples;
      if (parts[k].source == 0) {
        samples = head_.samples(parts[k].id, mint_, maxt_);
      } else if (auto read = blocks_[parts[k].source - 1]->samples(static_cast<uint32_t>(parts[k].id), mint_, maxt_,
                                                                    samples);
                 !read) {
        return std::unexpected(read.error());
      }
      if (!samples.empty()) runs.push_back(std::move(samples));
    }
    if (!runs.empty()) {
      std::vector<Sample> merged = runs.size() == 1 ? std::move(runs[0]) : merge_sample_runs(std::move(runs));
      visit(SeriesData{std::move(parts[i].labels), std::move(merged)});
    }
    i = j;
  }
  return {};
}

Result<std::vector<SeriesData>> Querier::select(std::span<const index::Matcher> matchers) const {
  std::vector<SeriesData> out;
  auto visited = for_each_series(matchers, [&](SeriesData&& series) { out.push_back(std::move(series)); });
  if (!visited) return std::unexpected(visited.error());
  return out;
}

template <class FromHead, class FromBlock, class FromSeries>
Result<std::vector<std::string>> Querier::gather_strings(std::span<const index::Matcher> matchers,
                                                         FromHead from_head, FromBlock from_block,
                                                         FromSeries from_series) const {
  std::set<std::string> out;
  auto add = [&](std::vector<std::string> strings) {
    for (auto& s : strings) out.insert(std::move(s));
  };
  if (matchers.empty()) {
    if (head_overlaps()) add(from_head());
    for (const auto& block : blocks_) add(from_block(*block));
  } else {
    auto selected = select(matchers);
    if (!selected) return std::unexpected(selected.error());
    for (const auto& series : *selected) from_series(series.labels, out);
  }
  return std::vector<std::string>(out.begin(), out.end());
}

Result<std::vector<std::string>> Querier::label_names(std::span<const index::Matcher> matchers) const {
  return gather_strings(
      matchers, [&] { return head_.postings().label_names(); },
      [](const block::Block& block) { return block.label_names(); },
      [](const LabelSet& labels, std::set<std::string>& out) {
        for (const auto& label : labels) out.insert(label.name);
      });
}

Result<std::vector<std::string>> Querier::label_values(std::string_view name,
                                                       std::span<const index::Matcher> matchers) const {
  return gather_strings(
      matchers, [&] { return head_.postings().label_values(std::string(name)); },
      [&](const block::Block& block) { return block.label_values(name); },
      [&](const LabelSet& labels, std::set<std::string>& out) {
        if (auto value = labels.get(name); !value.empty()) out.emplace(value);
      });
}

}  // namespace vigil::storage
