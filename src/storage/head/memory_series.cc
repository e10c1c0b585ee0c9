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

}  // namespace

MemorySeries::MemorySeries(uint64_t ref, LabelSet labels, uint32_t samples_per_chunk)
    : ref_(ref), labels_(std::move(labels)), samples_per_chunk_(samples_per_chunk) {}

MemorySeries::Outcome MemorySeries::append(int64_t t, double v, int64_t window) {
  uint64_t bits = std::bit_cast<uint64_t>(v);
  if (count_ > 0 && t <= max_t_) {
    if (t == max_t_) return bits == last_bits_ ? Outcome::unchanged : Outcome::duplicate_timestamp;
    if (max_t_ - t > window) return Outcome::out_of_order;
    // Within the window: a duplicate of a stored sample is judged like one at the head.
    std::optional<uint64_t> existing;
    if (auto it = out_of_order_.find(t); it != out_of_order_.end()) {
      existing = std::bit_cast<uint64_t>(it->second);
    } else {
      existing = in_order_value_bits(t);
    }
    if (existing) return *existing == bits ? Outcome::unchanged : Outcome::duplicate_timestamp;
    out_of_order_.emplace(t, v);
    min_t_ = std::min(min_t_, t);
    ++count_;
    return Outcome::appended;
  }
  if (open_.num_samples() >= samples_per_chunk_) cut_chunk();
  if (open_.num_samples() == 0) open_min_t_ = t;
  // Cannot be refused: t is newer than everything in the open chunk, and the
  // chunk is cut long before its 16-bit count fills.
  appender_.append(t, v);
  if (count_ == 0) min_t_ = t;
  max_t_ = t;
  last_bits_ = bits;
  ++count_;
  return Outcome::appended;
}

void MemorySeries::cut_chunk() {
  closed_.push_back({std::move(open_), open_min_t_, max_t_});
  open_ = chunk::XorChunk();
  appender_ = chunk::XorAppender(open_);
}

std::optional<uint64_t> MemorySeries::in_order_value_bits(int64_t t) const {
  auto find_in = [t](const chunk::XorChunk& c) -> std::optional<uint64_t> {
    chunk::XorIterator it(c.bytes());
    while (it.next()) {
      if (it.t() == t) return it.v_bits();
      if (it.t() > t) break;
    }
    return std::nullopt;
  };
  for (const auto& c : closed_) {
    if (t >= c.min_t && t <= c.max_t) return find_in(c.chunk);
  }
  if (open_.num_samples() > 0 && t >= open_min_t_) return find_in(open_);
  return std::nullopt;
}

void MemorySeries::collect(int64_t mint, int64_t maxt, std::vector<Sample>& out) const {
  size_t start = out.size();
  for (const auto& c : closed_) {
    if (c.max_t >= mint && c.min_t <= maxt) decode_range(c.chunk, mint, maxt, out);
  }
  if (open_.num_samples() > 0 && max_t_ >= mint && open_min_t_ <= maxt) decode_range(open_, mint, maxt, out);
  if (out_of_order_.empty()) return;
  // Merge the out-of-order samples into the in-order run (both sorted).
  size_t middle = out.size();
  for (auto it = out_of_order_.lower_bound(mint); it != out_of_order_.end() && it->first <= maxt; ++it) {
    out.push_back({it->first, it->second});
  }
  std::inplace_merge(out.begin() + static_cast<long>(start), out.begin() + static_cast<long>(middle), out.end(),
                     [](const Sample& a, const Sample& b) { return a.t < b.t; });
}

}  // namespace vigil::storage::head
