#include "storage/querier.h"

#include <algorithm>
#include <set>

#include "storage/sample_runs.h"

namespace vigil::storage {
Querier::Querier(const head::Head& head, std::vector<std::shared_ptr<const block::Block>> blocks, int64_t mint,
                 int64_t maxt)
    : head_(head), blocks_(std::move(blocks)), mint_(mint), maxt_(maxt) {
  std::erase_if(blocks_, [&](const auto& b) { return b->meta().max_time <= mint_ || b->meta().min_time > maxt_; });
}

bool Querier::head_overlaps() const {
  return head_.num_series() > 0 && head_.max_time() >= mint_ && head_.min_time() <= maxt_;
}

Result<SeriesSelection> Querier::select_lazily(std::span<const index::Matcher> matchers) const {
  struct Found {
    LabelSet labels;
    SeriesSelection::Part part;
  };
  std::vector<Found> found;
  // The head first: its samples are the newest word on a timestamp.
  if (head_overlaps()) {
    for (uint64_t ref : head_.select(matchers)) {
      std::optional<LabelSet> labels = head_.labels(ref);
      if (!labels) continue;  // truncated away meanwhile
      found.push_back({std::move(*labels), {0, ref}});
    }
  }
  for (size_t b = 0; b < blocks_.size(); ++b)
    for (uint32_t id : blocks_[b]->select(matchers)) found.push_back({blocks_[b]->labels(id), {b + 1, id}});
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (auto c = a.labels <=> b.labels; c != 0) return c < 0;
    return a.part.source < b.part.source;
  });
  SeriesSelection selection(head_, blocks_, mint_, maxt_);
  for (auto& entry : found) {
    if (selection.series_.empty() || selection.series_.back().labels != entry.labels)
      selection.series_.push_back({std::move(entry.labels), {}});
    selection.series_.back().parts.push_back(entry.part);
  }
  return selection;
}

Result<std::vector<Sample>> SeriesSelection::samples(size_t i) const {
  const auto& parts = series_[i].parts;
  std::vector<std::vector<Sample>> runs;
  for (const auto& part : parts) {
    std::vector<Sample> samples;
    if (part.source == 0) {
      samples = head_->samples(part.id, mint_, maxt_);
    } else if (auto read = blocks_[part.source - 1]->samples(static_cast<uint32_t>(part.id), mint_, maxt_, samples);
               !read) {
      return std::unexpected(read.error());
    }
    if (!samples.empty()) runs.push_back(std::move(samples));
  }
  if (runs.empty()) return std::vector<Sample>{};
  if (runs.size() == 1) return std::move(runs[0]);
  return merge_sample_runs(std::move(runs));
}

Result<std::vector<SeriesData>> Querier::select(std::span<const index::Matcher> matchers) const {
  auto selection = select_lazily(matchers);
  if (!selection) return std::unexpected(selection.error());
  std::vector<SeriesData> out;
  for (size_t i = 0; i < selection->size(); ++i) {
    auto samples = selection->samples(i);
    if (!samples) return std::unexpected(samples.error());
    if (!samples->empty()) out.push_back({selection->labels(i), std::move(*samples)});
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
