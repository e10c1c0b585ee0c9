#include "storage/querier.h"

#include <algorithm>
#include <set>

#include "storage/sample_runs.h"

namespace vigil::storage {
namespace {

struct Part {
  LabelSet labels;
  std::vector<Sample> samples;
  size_t source;  // lower is preferred when timestamps collide
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

Result<std::vector<SeriesData>> Querier::select(std::span<const index::Matcher> matchers) const {
  std::vector<Part> parts;
  // The head first: its samples are the newest word on a timestamp.
  if (head_overlaps()) {
    for (uint64_t ref : head_.select(matchers)) {
      auto samples = head_.samples(ref, mint_, maxt_);
      if (samples.empty()) continue;
      std::optional<LabelSet> labels = head_.labels(ref);
      if (!labels) continue;  // truncated away meanwhile
      parts.push_back({std::move(*labels), std::move(samples), 0});
    }
  }
  for (size_t b = 0; b < blocks_.size(); ++b) {
    const block::Block& block = *blocks_[b];
    for (uint32_t id : block.select(matchers)) {
      std::vector<Sample> samples;
      if (auto read = block.samples(id, mint_, maxt_, samples); !read) return std::unexpected(read.error());
      if (samples.empty()) continue;
      parts.push_back({block.labels(id), std::move(samples), b + 1});
    }
  }
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    if (auto c = a.labels <=> b.labels; c != 0) return c < 0;
    return a.source < b.source;
  });
  std::vector<SeriesData> out;
  for (size_t i = 0; i < parts.size();) {
    size_t j = i + 1;
    while (j < parts.size() && parts[j].labels == parts[i].labels) ++j;
    std::vector<std::vector<Sample>> runs;
    for (size_t k = i; k < j; ++k) runs.push_back(std::move(parts[k].samples));
    out.push_back({std::move(parts[i].labels), merge_sample_runs(std::move(runs))});
    i = j;
  }
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
