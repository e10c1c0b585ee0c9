#include "storage/head/memory_series.h"

#include <algorithm>
#include <bit>

namespace vigil::storage::head {
namespace {

void decode_range(const chunk::XorChunk& c, int64_t mint, int64_t maxt, std::vector<Sample>& out) {
  chunk::XorIterator it(c.bytes());
  while (it.next()) {
    if (it.t() > maxt) break;
    if (it.t() >= mint) out.push_back({it.t(), it.v()});
  }
}

void decode_all(const chunk::XorChunk& c, std::vector<Sample>& out) {
  chunk::XorIterator it(c.bytes());
  while (it.next()) out.push_back({it.t(), it.v()});
}

// Decode space for cuts, duplicate checks and deletes, reused per thread.
std::vector<Sample>& scratch_samples() {
  thread_local std::vector<Sample> samples;
  samples.clear();
  return samples;
}

// std::map's node: the pair, three pointers and the colour, rounded by malloc.
constexpr size_t kOutOfOrderNodeBytes = 64;

}  // namespace

MemorySeries::MemorySeries(uint64_t ref, InternedLabels labels, const SymbolTable& symbols, uint16_t samples_per_chunk)
    : ref_(ref), symbols_(&symbols), labels_(std::move(labels)), samples_per_chunk_(samples_per_chunk) {}

MemorySeries::Outcome MemorySeries::append(int64_t t, double v, int64_t window, chunk::ChunkFileArena* files) {
  uint64_t bits = std::bit_cast<uint64_t>(v);
  if (count_ > 0 && t <= max_t_) {
    if (t == max_t_) return bits == last_bits_ ? Outcome::unchanged : Outcome::duplicate_timestamp;
    // t < max_t_, so the unsigned difference is exact even across the int64 range.
    if (static_cast<uint64_t>(max_t_) - static_cast<uint64_t>(t) > static_cast<uint64_t>(window)) {
      return Outcome::out_of_order;
    }
    // Within the window: a duplicate of a stored sample is judged like one at the head.
    std::optional<uint64_t> existing;
    if (out_of_order_ != nullptr) {
      if (auto it = out_of_order_->find(t); it != out_of_order_->end()) existing = std::bit_cast<uint64_t>(it->second);
    }
    if (!existing) existing = in_order_value_bits(t);
    if (existing) return *existing == bits ? Outcome::unchanged : Outcome::duplicate_timestamp;
    if (out_of_order_ == nullptr) out_of_order_ = std::make_unique<OutOfOrder>();
    out_of_order_->emplace(t, v);
    min_t_ = std::min(min_t_, t);
    ++count_;
    return Outcome::appended;
  }
  if (appender_.num_samples() >= samples_per_chunk_) cut_chunk(files);
  if (appender_.num_samples() == 0) open_min_t_ = t;
  // Cannot be refused: t is newer than everything in the open chunk, and the
  // chunk is cut long before its 16-bit count fills.
  appender_.append(t, v);
  if (count_ == 0) min_t_ = t;
  max_t_ = t;
  last_bits_ = bits;
  ++count_;
  return Outcome::appended;
}

void MemorySeries::cut_chunk(chunk::ChunkFileArena* files) {
  // Growing by one keeps the vector exact while a series has the few closed
  // chunks of a normal head; past that, doubling keeps cuts amortized O(1)
  // for a head that is not being truncated.
  if (closed_.size() < 16) closed_.reserve(closed_.size() + 1);
  closed_.push_back(chunk::ClosedChunk::copy_of(open_, open_min_t_, appender_.last_timestamp(), files));
  pack_wanted_ = true;
  // A series' chunks are alike in size: room for the last one's bytes and a
  // sixteenth more spares the open chunk most of its growth steps (each a
  // reallocation and a copy on the append path).
  const size_t last_size = open_.size_bytes();
  reset_open_chunk();
  open_.reserve(last_size + last_size / 16);
}

void MemorySeries::reset_open_chunk() {
  open_ = chunk::XorChunk();
  appender_ = chunk::XorAppender(open_);
}

std::optional<MemorySeries::PackTicket> MemorySeries::unpacked_chunk(std::vector<Sample>& samples) const {
  for (size_t i = 0; i < closed_.size(); ++i) {
    if (closed_[i].packed()) continue;
    samples.clear();
    closed_[i].decode(samples);
    return PackTicket{i, closed_version_};
  }
  return std::nullopt;
}

bool MemorySeries::install_packed(PackTicket ticket, std::span<const uint8_t> encoded, chunk::ChunkFileArena* files) {
  if (ticket.version != closed_version_ || ticket.index >= closed_.size()) return false;
  closed_[ticket.index].take_packed(encoded, files);
  ++closed_version_;
  return true;
}

std::optional<uint64_t> MemorySeries::in_order_value_bits(int64_t t) const {
  for (const auto& c : closed_) {
    if (t < c.min_time() || t > c.max_time()) continue;
    std::vector<Sample>& samples = scratch_samples();
    c.decode(samples);
    auto it = std::lower_bound(samples.begin(), samples.end(), t, [](const Sample& s, int64_t x) { return s.t < x; });
    if (it != samples.end() && it->t == t) return std::bit_cast<uint64_t>(it->v);
    return std::nullopt;
  }
  if (open_.num_samples() > 0 && t >= open_min_t_) {
    chunk::XorIterator it(open_.bytes());
    while (it.next()) {
      if (it.t() == t) return it.v_bits();
      if (it.t() > t) break;
    }
  }
  return std::nullopt;
}

void MemorySeries::collect(int64_t mint, int64_t maxt, std::vector<Sample>& out) const {
  size_t start = out.size();
  for (const auto& c : closed_) {
    if (c.max_time() >= mint && c.min_time() <= maxt) c.decode_range(mint, maxt, out);
  }
  if (open_.num_samples() > 0 && appender_.last_timestamp() >= mint && open_min_t_ <= maxt) {
    decode_range(open_, mint, maxt, out);
  }
  if (out_of_order_ == nullptr) return;
  // Merge the out-of-order samples into the in-order run (both sorted).
  size_t middle = out.size();
  for (auto it = out_of_order_->lower_bound(mint); it != out_of_order_->end() && it->first <= maxt; ++it) {
    out.push_back({it->first, it->second});
  }
  std::inplace_merge(out.begin() + static_cast<long>(start), out.begin() + static_cast<long>(middle), out.end(),
                     [](const Sample& a, const Sample& b) { return a.t < b.t; });
}

bool MemorySeries::overlaps(int64_t mint, int64_t maxt) const noexcept {
  if (count_ == 0 || min_t_ > maxt || max_t_ < mint) return false;
  for (const auto& c : closed_) {
    if (c.max_time() >= mint && c.min_time() <= maxt) return true;
  }
  if (open_.num_samples() > 0 && appender_.last_timestamp() >= mint && open_min_t_ <= maxt) return true;
  if (out_of_order_ != nullptr) {
    auto it = out_of_order_->lower_bound(mint);
    if (it != out_of_order_->end() && it->first <= maxt) return true;
  }
  return false;
}

uint64_t MemorySeries::truncate_before(int64_t mint) {
  if (count_ == 0 || min_t_ >= mint) return 0;
  ++closed_version_;
  uint64_t dropped = 0;
  // Closed chunks are in time order: the ones to drop are a prefix.
  auto keep =
      std::find_if(closed_.begin(), closed_.end(), [&](const chunk::ClosedChunk& c) { return c.max_time() >= mint; });
  for (auto it = closed_.begin(); it != keep; ++it) dropped += it->num_samples();
  if (keep != closed_.begin()) {
    closed_.erase(closed_.begin(), keep);
    closed_.shrink_to_fit();
  }
  if (closed_.empty() && open_.num_samples() > 0 && appender_.last_timestamp() < mint) {
    dropped += open_.num_samples();
    reset_open_chunk();
  }
  if (out_of_order_ != nullptr) {
    auto end = out_of_order_->lower_bound(mint);
    dropped += static_cast<uint64_t>(std::distance(out_of_order_->begin(), end));
    out_of_order_->erase(out_of_order_->begin(), end);
  }
  count_ -= static_cast<uint32_t>(dropped);
  recompute_bounds();
  return dropped;
}

uint64_t MemorySeries::delete_range(int64_t mint, int64_t maxt) {
  if (count_ == 0 || mint > maxt || min_t_ > maxt || max_t_ < mint) return 0;
  ++closed_version_;
  uint64_t removed = 0;
  std::vector<Sample> kept;
  // Keeps in `kept` the decoded samples outside the range; true if any were in it.
  auto filter = [&] {
    const size_t total = kept.size();
    std::erase_if(kept, [&](const Sample& s) { return s.t >= mint && s.t <= maxt; });
    removed += total - kept.size();
    return kept.size() != total;
  };
  for (size_t i = 0; i < closed_.size();) {
    chunk::ClosedChunk& c = closed_[i];
    kept.clear();
    if (c.max_time() < mint || c.min_time() > maxt || (c.decode(kept), !filter())) {
      ++i;
      continue;
    }
    if (kept.empty()) {
      closed_.erase(closed_.begin() + static_cast<long>(i));
      continue;
    }
    c = chunk::ClosedChunk::pack(kept);
    ++i;
  }
  kept.clear();
  if (open_.num_samples() > 0 && appender_.last_timestamp() >= mint && open_min_t_ <= maxt &&
      (decode_all(open_, kept), filter())) {
    reset_open_chunk();
    for (const Sample& s : kept) appender_.append(s.t, s.v);
    if (!kept.empty()) open_min_t_ = kept.front().t;
  }
  if (out_of_order_ != nullptr) {
    auto first = out_of_order_->lower_bound(mint), last = out_of_order_->upper_bound(maxt);
    removed += static_cast<uint64_t>(std::distance(first, last));
    out_of_order_->erase(first, last);
  }
  count_ -= static_cast<uint32_t>(removed);
  recompute_bounds();
  return removed;
}

void MemorySeries::recompute_bounds() {
  if (out_of_order_ != nullptr && out_of_order_->empty()) out_of_order_.reset();
  if (count_ == 0) {
    // Nothing left: the next sample starts the series afresh, at any time.
    closed_.clear();
    closed_.shrink_to_fit();
    if (open_.num_samples() > 0) reset_open_chunk();
    min_t_ = max_t_ = 0;
    last_bits_ = 0;
    return;
  }
  std::optional<int64_t> in_order_min, in_order_max;
  if (!closed_.empty()) {
    in_order_min = closed_.front().min_time();
    in_order_max = closed_.back().max_time();
  }
  if (open_.num_samples() > 0) {
    if (!in_order_min) in_order_min = open_min_t_;
    in_order_max = appender_.last_timestamp();
  }
  int64_t newest = in_order_max.value_or(INT64_MIN);
  min_t_ = in_order_min.value_or(INT64_MAX);
  std::optional<uint64_t> newest_bits;
  if (out_of_order_ != nullptr) {
    min_t_ = std::min(min_t_, out_of_order_->begin()->first);
    auto last = std::prev(out_of_order_->end());
    if (last->first > newest) {
      newest = last->first;
      newest_bits = std::bit_cast<uint64_t>(last->second);
    }
  }
  if (newest != max_t_) {
    max_t_ = newest;
    last_bits_ = newest_bits ? *newest_bits : in_order_value_bits(newest).value_or(0);
  }
}

MemorySeries::Memory MemorySeries::memory() const noexcept {
  Memory m;
  m.series = sizeof(*this) + labels_.memory_bytes();
  m.chunks = closed_.capacity() * sizeof(chunk::ClosedChunk) + open_.capacity_bytes();
  for (const auto& c : closed_) m.chunks += c.size_bytes();
  if (out_of_order_ != nullptr) m.out_of_order = sizeof(OutOfOrder) + out_of_order_->size() * kOutOfOrderNodeBytes;
  return m;
}

}  // namespace vigil::storage::head
