#pragma once
// Reads over a time range across the head and the blocks as one store: a
// series that lives in several of them (the head and the blocks cut from it,
// or overlapping blocks after a crash) is returned once, its samples merged
// in time order with one sample per timestamp.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "storage/block/block.h"
#include "storage/head/head.h"
#include "storage/index/matcher.h"
#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::storage {

struct SeriesData {
  LabelSet labels;
  std::vector<Sample> samples;
};

// Series chosen by a query, read one at a time. Holds the blocks it reads
// from; the head must outlive it.
class SeriesSelection {
 public:
  size_t size() const noexcept { return series_.size(); }
  const LabelSet& labels(size_t i) const { return series_[i].labels; }
  // The samples of series i in the querier's range, time-ordered, one per
  // timestamp. Safe to call from several threads at once. Empty when the
  // series has none there (a selection is made from indexes, not samples).
  Result<std::vector<Sample>> samples(size_t i) const;

 private:
  friend class Querier;
  // Where one series' samples are: the head (source 0) or block source - 1.
  struct Part {
    size_t source;  // lower is preferred when timestamps collide
    uint64_t id;    // head ref or block series id
  };
  struct Series {
    LabelSet labels;
    std::vector<Part> parts;
  };

  SeriesSelection(const head::Head& head, std::vector<std::shared_ptr<const block::Block>> blocks, int64_t mint,
                  int64_t maxt)
      : head_(&head), blocks_(std::move(blocks)), mint_(mint), maxt_(maxt) {}

  const head::Head* head_;
  std::vector<std::shared_ptr<const block::Block>> blocks_;
  int64_t mint_;
  int64_t maxt_;
  std::vector<Series> series_;
};

class Querier {
 public:
  // Holds the blocks it was given, so a compaction that replaces them while
  // the query runs does not pull files from under it. The head must outlive
  // the querier.
  Querier(const head::Head& head, std::vector<std::shared_ptr<const block::Block>> blocks, int64_t mint,
          int64_t maxt);

  // Series matching every matcher with at least one sample in [mint, maxt],
  // sorted by labels. Deleted samples are not returned.
  Result<std::vector<SeriesData>> select(std::span<const index::Matcher> matchers) const;
  // The same series in the same order, but with only their labels known:
  // the samples of each are read on demand, so a caller that reduces series
  // one by one holds one series' samples at a time, and several threads can
  // read different series at once.
  Result<SeriesSelection> select_lazily(std::span<const index::Matcher> matchers) const;

  // Label names and the values of one label, sorted and unique. With
  // matchers, only those of matching series with samples in the range;
  // without, those of every series stored in the blocks and head that
  // overlap the range.
  Result<std::vector<std::string>> label_names(std::span<const index::Matcher> matchers) const;
  Result<std::vector<std::string>> label_values(std::string_view name,
                                                std::span<const index::Matcher> matchers) const;

  int64_t min_time() const noexcept { return mint_; }
  int64_t max_time() const noexcept { return maxt_; }

 private:
  bool head_overlaps() const;
  // Label strings from the indexes of the overlapping head and blocks, or,
  // with matchers, from the labels of the selected series.
  template <class FromHead, class FromBlock, class FromSeries>
  Result<std::vector<std::string>> gather_strings(std::span<const index::Matcher> matchers, FromHead from_head,
                                                  FromBlock from_block, FromSeries from_series) const;

  const head::Head& head_;
  std::vector<std::shared_ptr<const block::Block>> blocks_;
  int64_t mint_;
  int64_t maxt_;
};

}  // namespace vigil::storage
