#pragma once
// The in-memory head of the TSDB: every series' recent samples, appended
// through the Appender interface and made durable through a HeadLog (the WAL)
// before an append is acknowledged. Truncation and deletes let the database
// cut blocks out of it and honour the delete API.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include "storage/appender.h"
#include "storage/head/chunk_packer.h"
#include "storage/head/series_index.h"
#include "storage/index/postings_index.h"
#include "storage/labels/validation.h"

namespace vigil::storage::head {

struct HeadOptions {
  // Closed chunks are packed with the block codec (about 1 B/sample), the
  // open one stays XOR (about 2.5): a smaller open chunk saves more than the
  // extra chunk bookkeeping costs. 120 measured best of 80/120/240
  // (bench/results/storage_micro.md).
  uint16_t samples_per_chunk = 120;
  int64_t out_of_order_window_ms = 10 * 60 * 1000;
  uint64_t max_series = 0;             // 0: no limit
  uint64_t max_series_per_metric = 0;  // series of one metric name; 0: no limit
  LabelLimits label_limits;
  // Where packed closed chunks go (out of resident memory); null keeps them
  // on the heap. Must outlive the head.
  chunk::ChunkFileArena* chunk_files = nullptr;
};

struct NewSeries {
  uint64_t ref;
  const LabelSet* labels;  // valid during HeadLog::log
};
struct RefSample {
  uint64_t ref;
  int64_t t;
  double v;
};

// Where the head writes what it accepted, before acknowledging: the WAL.
class HeadLog {
 public:
  virtual ~HeadLog() = default;
  [[nodiscard]] virtual Result<void> log(std::span<const NewSeries> series, std::span<const RefSample> samples) = 0;
};

struct TruncateStats {
  uint64_t samples_removed = 0;
  uint64_t chunks_kept = 0;            // in the series that remain
  std::vector<uint64_t> removed_refs;  // series left without samples and taken out of the index, ascending
};

struct DeleteStats {
  struct Series {
    uint64_t ref;
    uint64_t samples_removed;
  };
  std::vector<Series> series;  // the matching series that lost samples, ascending by ref
  uint64_t samples_removed = 0;
};

// Approximate heap bytes by owner, for `tsdb status` and the memory benchmark.
struct HeadMemory {
  size_t series = 0;        // series objects and their label ids
  size_t chunks = 0;        // chunk bytes and their bookkeeping
  size_t out_of_order = 0;  // late samples
  size_t index = 0;         // the by-hash and by-ref tables
  size_t postings = 0;
  size_t symbols = 0;
  size_t total() const noexcept { return series + chunks + out_of_order + index + postings + symbols; }
};

class Head final : public Appender {
 public:
  explicit Head(HeadOptions options, HeadLog* log = nullptr);

  [[nodiscard]] Result<AppendOutcome> append_views(std::span<const SeriesView> batch, InvalidSeries invalid) override;

  // Replay of the log: recreate a series under its logged ref, and re-add
  // samples, without logging. Replay runs before any concurrent use.
  // restore_series returns the series the labels name: the
  // one it created, or one created earlier under another ref (a series that
  // left the head and came back under a new ref is logged twice).
  MemorySeries* restore_series(uint64_t ref, const LabelSet& labels);
  bool restore_sample(uint64_t ref, int64_t t, double v);
  // A run of one series' samples in log order, under one lock (replay groups
  // samples by series); returns how many were kept.
  uint64_t restore_samples(MemorySeries& series, std::span<const Sample> samples);

  uint64_t num_series() const noexcept { return index_.size(); }
  // Pointers from series() and find() stay valid until the end of the
  // truncate_before() that follows the one that removed the series: a reader
  // must not keep one across truncations.
  MemorySeries* series(uint64_t ref) const { return index_.by_ref(ref); }
  // The series with exactly these labels, or null.
  MemorySeries* find(const LabelSet& labels);
  // Whether `ref` is a series of the head (the WAL checkpoint keeps only those).
  bool contains(uint64_t ref) const;
  std::optional<LabelSet> labels(uint64_t ref) const;

  // The oldest and newest sample timestamps ever appended and not yet
  // truncated: INT64_MAX and INT64_MIN while the head holds no sample. A
  // bound, not exact: deletes do not move them.
  int64_t min_time() const noexcept { return min_time_.load(std::memory_order_acquire); }
  int64_t max_time() const noexcept { return max_time_.load(std::memory_order_acquire); }

  // Samples older than this are refused as out_of_bounds: their time range
  // is being (or was) cut into a block. Only ever raised; INT64_MIN at first.
  void set_min_valid_time(int64_t t) noexcept;
  int64_t min_valid_time() const noexcept { return min_valid_time_.load(std::memory_order_acquire); }

  // Refs of the series matching all matchers, ascending.
  std::vector<uint64_t> select(std::span<const index::Matcher> matchers) const { return postings_.select(matchers); }
  const index::PostingsIndex& postings() const noexcept { return postings_; }
  // Label names / values of the series that match `matchers` (all series
  // without matchers) and have samples in [mint, maxt], sorted.
  std::vector<std::string> label_names(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt) const;
  std::vector<std::string> label_values(std::string_view name, std::span<const index::Matcher> matchers, int64_t mint,
                                        int64_t maxt) const;

  // Samples of one series in [mint, maxt], in time order.
  std::vector<Sample> samples(uint64_t ref, int64_t mint, int64_t maxt) const;

  // The refs of the series with samples in [mint, maxt] (by chunk bounds),
  // ordered by their label sets: the order a block's index is written in.
  std::vector<uint64_t> sorted_refs(int64_t mint, int64_t maxt) const;

  // Drops every sample older than `mint`, except in a chunk that straddles
  // it (kept whole; readers filter by time), and removes the series left
  // without samples from the index and the postings. A series appended to
  // meanwhile is kept: emptiness is judged again under the series lock.
  TruncateStats truncate_before(int64_t mint);

  // Deletes the samples in [mint, maxt] of the series matching `matchers`.
  // A series left empty stays indexed until the next truncation.
  DeleteStats delete_range(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt);
  // The same for one series: replay of a WAL tombstone record.
  uint64_t delete_ref_range(uint64_t ref, int64_t mint, int64_t maxt);

  const SeriesIndex& index() const noexcept { return index_; }
  HeadMemory memory() const;

  // Returns once the closed chunks cut so far are packed (see
  // chunk_packer.h): for tests and memory measurements.
  void wait_for_packing() { packer_.drain(); }

 private:
  // Calls fn(labels, symbols) for each series matching `matchers` (every
  // series without) that has samples in [mint, maxt].
  template <class Fn>
  void for_each_in_range(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt, Fn&& fn) const;
  // Widens min_time/max_time to cover `t`.
  void note_time(int64_t t) noexcept;
  // The packer's work: packs the closed chunks of these series.
  void pack_chunks(std::span<const uint64_t> refs);

  HeadOptions options_;
  HeadLog* log_;
  index::PostingsIndex postings_;  // before index_: the index adds to it and must go first
  SeriesIndex index_;
  std::atomic<int64_t> min_time_{INT64_MAX};
  std::atomic<int64_t> max_time_{INT64_MIN};
  std::atomic<int64_t> min_valid_time_{INT64_MIN};
  // Appends and reads hold it shared while they use series pointers; a
  // truncation holds it exclusively to free removed series.
  mutable std::shared_mutex reclaim_mu_;
  std::mutex truncate_mu_;  // one truncation at a time
  ChunkPacker packer_;      // last: its thread uses the members above until it is joined
};

}  // namespace vigil::storage::head
