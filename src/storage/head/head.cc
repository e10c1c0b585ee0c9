#include "storage/head/head.h"

#include <algorithm>
#include <deque>
#include <set>

namespace vigil::storage::head {
namespace {

void lower_to(std::atomic<int64_t>& bound, int64_t t) noexcept {
  int64_t current = bound.load(std::memory_order_relaxed);
  while (t < current && !bound.compare_exchange_weak(current, t, std::memory_order_acq_rel)) {
  }
}

void raise_to(std::atomic<int64_t>& bound, int64_t t) noexcept {
  int64_t current = bound.load(std::memory_order_relaxed);
  while (t > current && !bound.compare_exchange_weak(current, t, std::memory_order_acq_rel)) {
  }
}

}  // namespace

Head::Head(HeadOptions options, HeadLog* log)
    : options_(options),
      log_(log),
      index_(std::max<uint16_t>(options.samples_per_chunk, 1), postings_, options.max_series_per_metric != 0),
      packer_([this](std::span<const uint64_t> refs) { pack_chunks(refs); },
              [this] {
                if (options_.chunk_files != nullptr) options_.chunk_files->trim();
              }) {}

void Head::set_min_valid_time(int64_t t) noexcept { raise_to(min_valid_time_, t); }

void Head::note_time(int64_t t) noexcept {
  lower_to(min_time_, t);
  raise_to(max_time_, t);
}

Result<AppendOutcome> Head::append_views(std::span<const SeriesView> batch, InvalidSeries invalid) {
  AppendOutcome outcome;
  std::vector<NewSeries> created;
  std::deque<LabelSet> created_labels;  // owned labels of the new series, for the log
  std::vector<RefSample> accepted;
  std::vector<uint64_t> to_pack;
  auto reject = [&](uint32_t series_index, uint32_t sample_index, RejectReason reason, const std::string& why) {
    if (outcome.rejects.empty()) outcome.first_error = why;
    outcome.rejects.push_back({series_index, sample_index, reason});
  };
  int64_t batch_min = INT64_MAX, batch_max = INT64_MIN;

  // Label sets are hashed a few series ahead of their lookup, and the lookup
  // table's slot prefetched: with many series the lookups miss the caches,
  // and this lets those misses overlap with the appends before them.
  constexpr size_t kLookAhead = 8;
  std::vector<uint64_t> hashes(batch.size());
  auto look_ahead = [&](size_t k) {
    if (k >= batch.size() || batch[k].ref != 0) return;
    hashes[k] = hash_labels(batch[k].labels);
    index_.prefetch(hashes[k]);
  };
  for (size_t k = 0; k < kLookAhead; ++k) look_ahead(k);
  // The samples to log, gathered only when there is a log.
  const bool logging = log_ != nullptr;
  if (logging) {
    size_t total = 0;
    for (const SeriesView& item : batch) total += item.samples.size();
    accepted.reserve(total);
  }
  {
    std::shared_lock reclaim(reclaim_mu_);
    // First every series is looked up; a series the head does not have is
    // validated now when an invalid one refuses the whole batch, so that
    // nothing is appended before the batch is known to be valid.
    std::vector<MemorySeries*> in_index(batch.size(), nullptr);
    outcome.refs.assign(batch.size(), 0);
    for (uint32_t i = 0; i < batch.size(); ++i) {
      look_ahead(i + kLookAhead);
      const SeriesView& item = batch[i];
      if (item.samples.empty()) continue;
      if (item.ref != 0) {
        // Refs are never reused, so the series under it is the one the caller means, if it is still here.
        in_index[i] = index_.by_ref(item.ref);
        if (in_index[i] == nullptr) outcome.unknown_refs.push_back(i);
        continue;
      }
      in_index[i] = index_.find(item.labels, hashes[i]);
      if (in_index[i] == nullptr && invalid == InvalidSeries::refuse_batch) {
        if (auto valid = validate(item.labels, options_.label_limits); !valid) return std::unexpected(valid.error());
      }
    }
    for (uint32_t i = 0; i < batch.size(); ++i) {
      const SeriesView& item = batch[i];
      if (item.samples.empty()) continue;
      // Validation only for a series not in the index: every indexed series
      // passed it when it was created.
      bool validated = invalid == InvalidSeries::refuse_batch;
      MemorySeries* series = in_index[i];
      std::unique_lock<SeriesLock> series_lock;
      for (;;) {
        if (series == nullptr && item.ref != 0) break;  // unknown: the caller sends it again with labels
        if (series == nullptr) {
          if (!validated) {
            if (auto valid = validate(item.labels, options_.label_limits); !valid) {
              for (uint32_t j = 0; j < item.samples.size(); ++j) {
                reject(i, j, RejectReason::invalid_series, valid.error().message);
              }
              break;
            }
            validated = true;
          }
          // A new series owns its labels from here on; its hash is taken
          // from them, so that views in another order still find it next time.
          auto owned = LabelSet::from(item.labels);
          if (!owned) {
            for (uint32_t j = 0; j < item.samples.size(); ++j) {
              reject(i, j, RejectReason::invalid_series, owned.error().message);
            }
            break;
          }
          auto found =
              index_.get_or_create(*owned, owned->hash(), options_.max_series, 0, options_.max_series_per_metric);
          series = found.series;
          if (series == nullptr) {
            const std::string why = found.metric_limit
                                        ? "series " + owned->to_string() + ": metric \"" +
                                              std::string(owned->metric_name()) + "\" has reached the limit of " +
                                              std::to_string(options_.max_series_per_metric) + " series"
                                        : "series " + owned->to_string() + ": the limit of " +
                                              std::to_string(options_.max_series) + " series is reached";
            for (uint32_t j = 0; j < item.samples.size(); ++j) reject(i, j, RejectReason::series_limit, why);
            break;
          }
          if (found.created) {
            created_labels.push_back(std::move(*owned));
            created.push_back({series->ref(), &created_labels.back()});
            ++outcome.series_created;
          }
        }
        series_lock = std::unique_lock(series->lock());
        // A truncation took it out of the index between lookup and lock: find or create it anew.
        if (!series->removed()) break;
        series_lock.unlock();
        series = nullptr;
        if (item.ref != 0) outcome.unknown_refs.push_back(i);
      }
      if (!series_lock.owns_lock()) continue;
      outcome.refs[i] = series->ref();
      // Named in messages by its labels, which a caller that sent its ref left out.
      auto name = [&] { return item.labels.empty() ? series->labels().to_string() : labels_to_string(item.labels); };
      // Read under the series lock: a block cut raises the bound before it
      // reads the series under the same lock, so a sample is either in the
      // block or refused, never acknowledged and then truncated away.
      const int64_t min_valid = min_valid_time_.load(std::memory_order_acquire);
      for (uint32_t j = 0; j < item.samples.size(); ++j) {
        const Sample& s = item.samples[j];
        if (s.t < min_valid) {
          reject(i, j, RejectReason::out_of_bounds,
                 "series " + name() + ": timestamp " + std::to_string(s.t) + " is older than the head accepts (" +
                     std::to_string(min_valid) + "; older data is in blocks)");
          continue;
        }
        switch (series->append(s.t, s.v, options_.out_of_order_window_ms, options_.chunk_files)) {
          case MemorySeries::Outcome::appended:
            if (logging) accepted.push_back({series->ref(), s.t, s.v});
            ++outcome.appended;
            batch_min = std::min(batch_min, s.t);
            batch_max = std::max(batch_max, s.t);
            break;
          case MemorySeries::Outcome::unchanged:
            break;  // the same sample again: idempotent, nothing to log
          case MemorySeries::Outcome::duplicate_timestamp:
            reject(i, j, RejectReason::duplicate_timestamp,
                   "series " + name() + ": a different value exists for timestamp " + std::to_string(s.t));
            break;
          case MemorySeries::Outcome::out_of_order:
            reject(i, j, RejectReason::out_of_order,
                   "series " + name() + ": timestamp " + std::to_string(s.t) +
                       " is older than the out-of-order window allows (newest " + std::to_string(series->max_time()) +
                       ")");
            break;
        }
      }
      if (series->take_pack_wanted()) to_pack.push_back(series->ref());
    }
  }
  std::sort(outcome.unknown_refs.begin(), outcome.unknown_refs.end());
  packer_.enqueue(to_pack);
  if (batch_min <= batch_max) {
    lower_to(min_time_, batch_min);
    raise_to(max_time_, batch_max);
  }
  if (logging && (!created.empty() || !accepted.empty())) {
    if (auto logged = log_->log(created, accepted); !logged) return std::unexpected(logged.error());
  }
  return outcome;
}

MemorySeries* Head::restore_series(uint64_t ref, const LabelSet& labels) {
  return index_.get_or_create(labels, labels.hash(), 0, ref).series;
}

bool Head::restore_sample(uint64_t ref, int64_t t, double v) {
  MemorySeries* series = index_.by_ref(ref);
  if (series == nullptr) return false;
  const Sample sample{t, v};
  return restore_samples(*series, std::span(&sample, 1)) == 1;
}

uint64_t Head::restore_samples(MemorySeries& series, std::span<const Sample> samples) {
  if (samples.empty()) return 0;
  uint64_t kept = 0;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  std::lock_guard lock(series.lock());
  for (const Sample& s : samples) {
    // The log only holds samples that were accepted, so the window does not apply.
    auto result = series.append(s.t, s.v, INT64_MAX, options_.chunk_files);
    if (result != MemorySeries::Outcome::appended && result != MemorySeries::Outcome::unchanged) continue;
    ++kept;
    lo = std::min(lo, s.t);
    hi = std::max(hi, s.t);
  }
  if (kept > 0) {
    note_time(lo);
    note_time(hi);
  }
  return kept;
}

void Head::pack_chunks(std::span<const uint64_t> refs) {
  std::vector<Sample> samples;
  std::vector<uint8_t> encoded;
  std::shared_lock reclaim(reclaim_mu_);
  for (uint64_t ref : refs) {
    MemorySeries* series = index_.by_ref(ref);
    if (series == nullptr) continue;  // truncated away meanwhile
    // Each closed chunk in Gorilla form, encoded without the series lock. A
    // chunk that a delete or truncation changed meanwhile is tried again,
    // a few times at most: such edits are rare.
    for (int attempts = 0; attempts < 8; ++attempts) {
      std::optional<MemorySeries::PackTicket> ticket;
      {
        std::lock_guard lock(series->lock());
        ticket = series->unpacked_chunk(samples);
      }
      if (!ticket) break;
      if (samples.empty()) break;  // not decodable: leave it as it is
      encoded.clear();
      chunk::ClosedChunk::encode_packed(samples, encoded);
      std::lock_guard lock(series->lock());
      if (series->install_packed(*ticket, encoded, options_.chunk_files)) attempts = 0;
    }
  }
}

MemorySeries* Head::find(const LabelSet& labels) { return index_.find(labels, labels.hash()); }

bool Head::contains(uint64_t ref) const { return index_.by_ref(ref) != nullptr; }

std::optional<LabelSet> Head::labels(uint64_t ref) const {
  std::shared_lock reclaim(reclaim_mu_);
  if (MemorySeries* series = index_.by_ref(ref)) return series->labels();
  return std::nullopt;
}

std::vector<Sample> Head::samples(uint64_t ref, int64_t mint, int64_t maxt) const {
  std::vector<Sample> out;
  std::shared_lock reclaim(reclaim_mu_);
  if (MemorySeries* series = index_.by_ref(ref)) {
    std::lock_guard lock(series->lock());
    series->collect(mint, maxt, out);
  }
  return out;
}

std::vector<uint64_t> Head::sorted_refs(int64_t mint, int64_t maxt) const {
  std::vector<std::pair<LabelSet, uint64_t>> found;
  {
    std::shared_lock reclaim(reclaim_mu_);
    index_.for_each([&](const MemorySeries& series) {
      bool in_range;
      {
        std::lock_guard lock(series.lock());
        in_range = series.overlaps(mint, maxt);
      }
      if (in_range) found.emplace_back(series.labels(), series.ref());
    });
  }
  std::sort(found.begin(), found.end());
  std::vector<uint64_t> refs;
  refs.reserve(found.size());
  for (const auto& [_, ref] : found) refs.push_back(ref);
  return refs;
}

template <class Fn>
void Head::for_each_in_range(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt, Fn&& fn) const {
  std::shared_lock reclaim(reclaim_mu_);
  auto visit = [&](const MemorySeries& series) {
    {
      std::lock_guard lock(series.lock());
      if (!series.overlaps(mint, maxt)) return;
    }
    fn(series.interned_labels(), index_.symbols());
  };
  if (matchers.empty()) {
    index_.for_each(visit);
  } else {
    for (uint64_t ref : postings_.select(matchers)) {
      if (MemorySeries* series = index_.by_ref(ref)) visit(*series);
    }
  }
}

std::vector<std::string> Head::label_names(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt) const {
  std::set<std::string, std::less<>> names;
  for_each_in_range(matchers, mint, maxt, [&](const InternedLabels& ids, const SymbolTable& symbols) {
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string_view name = symbols.lookup(ids.name_id(i));
      if (!names.contains(name)) names.emplace(name);
    }
  });
  return {names.begin(), names.end()};
}

std::vector<std::string> Head::label_values(std::string_view name, std::span<const index::Matcher> matchers,
                                            int64_t mint, int64_t maxt) const {
  std::set<std::string, std::less<>> values;
  for_each_in_range(matchers, mint, maxt, [&](const InternedLabels& ids, const SymbolTable& symbols) {
    for (size_t i = 0; i < ids.size(); ++i) {
      if (symbols.lookup(ids.name_id(i)) != name) continue;
      std::string_view value = symbols.lookup(ids.value_id(i));
      if (!values.contains(value)) values.emplace(value);
    }
  });
  return {values.begin(), values.end()};
}

TruncateStats Head::truncate_before(int64_t mint) {
  std::lock_guard truncating(truncate_mu_);
  TruncateStats stats;
  // Read before the scan: an append that lowers the bound meanwhile makes the
  // final compare-exchange fail, which keeps its lower (safe) value.
  int64_t old_min = min_time_.load(std::memory_order_acquire);
  std::vector<MemorySeries*> all;
  all.reserve(index_.size());
  index_.for_each([&](MemorySeries& series) { all.push_back(&series); });

  int64_t new_min = INT64_MAX;
  std::vector<MemorySeries*> emptied;
  for (MemorySeries* series : all) {
    std::lock_guard lock(series->lock());
    stats.samples_removed += series->truncate_before(mint);
    if (series->empty()) {
      emptied.push_back(series);
    } else {
      new_min = std::min(new_min, series->min_time());
      stats.chunks_kept += series->num_chunks();
    }
  }
  std::vector<index::PostingsIndex::Entry> removed;
  for (MemorySeries* series : emptied) {
    if (index_.remove_if_empty(*series)) removed.push_back({series->ref(), series->labels()});
  }
  postings_.remove(removed);
  for (const auto& entry : removed) stats.removed_refs.push_back(entry.ref);
  std::sort(stats.removed_refs.begin(), stats.removed_refs.end());

  // Emptied series that an appender revived are not counted in new_min; the
  // appender lowered min_time itself, which fails the exchange below.
  min_time_.compare_exchange_strong(old_min, new_min, std::memory_order_acq_rel);
  {
    // No append or read is using a series pointer while this is held.
    std::unique_lock reclaim(reclaim_mu_);
    index_.retire_removed();
  }
  return stats;
}

DeleteStats Head::delete_range(std::span<const index::Matcher> matchers, int64_t mint, int64_t maxt) {
  DeleteStats stats;
  std::shared_lock reclaim(reclaim_mu_);
  for (uint64_t ref : postings_.select(matchers)) {
    MemorySeries* series = index_.by_ref(ref);
    if (series == nullptr) continue;
    std::lock_guard lock(series->lock());
    if (uint64_t n = series->delete_range(mint, maxt); n > 0) {
      stats.series.push_back({ref, n});
      stats.samples_removed += n;
    }
  }
  return stats;
}

uint64_t Head::delete_ref_range(uint64_t ref, int64_t mint, int64_t maxt) {
  std::shared_lock reclaim(reclaim_mu_);
  MemorySeries* series = index_.by_ref(ref);
  if (series == nullptr) return 0;
  std::lock_guard lock(series->lock());
  return series->delete_range(mint, maxt);
}

HeadMemory Head::memory() const {
  HeadMemory m;
  {
    std::shared_lock reclaim(reclaim_mu_);
    index_.for_each([&](const MemorySeries& series) {
      std::lock_guard lock(series.lock());
      auto s = series.memory();
      m.series += s.series;
      m.chunks += s.chunks;
      m.out_of_order += s.out_of_order;
    });
  }
  m.index = index_.table_bytes();
  m.postings = postings_.memory_bytes();
  m.symbols = index_.symbol_bytes();
  return m;
}

}  // namespace vigil::storage::head
