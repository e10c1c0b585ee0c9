#pragma once
// Remembers, for the bytes of a TimeSeries' labels exactly as a sender
// encoded them, the storage ref of that series. A sender writes a series'
// labels the same way request after request, so a series seen before is
// appended by ref: its labels are not decoded, hashed or compared again,
// which is most of the cost of a remote write sample.
//
// Exact: an entry is found only by the same bytes (compared, not just
// hashed). Bounded: when the newer half of the cache is full the older half
// is forgotten, so a working set larger than the cache degrades to decoding,
// never to unbounded memory. Thread-safe, striped by hash.

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::ingest::remote_write {

class SeriesRefCache {
 public:
  explicit SeriesRefCache(size_t max_bytes);
  SeriesRefCache(const SeriesRefCache&) = delete;
  SeriesRefCache& operator=(const SeriesRefCache&) = delete;

  // XXH3-64 of `raw`: the key of every call below.
  static uint64_t hash(std::string_view raw) noexcept;

  // The ref remembered for these label bytes, or 0.
  uint64_t find(std::string_view raw, uint64_t hash);
  void insert(std::string_view raw, uint64_t hash, uint64_t ref);
  // For a ref that storage no longer knows.
  void forget(std::string_view raw, uint64_t hash);

  // Bytes held: label bytes and map entries of both halves.
  size_t memory_bytes() const;

 private:
  static constexpr size_t kStripes = 16;
  // One half of a stripe: an open-addressing table by hash (one entry per
  // hash: on the rare collision of two label sets the later one wins) and
  // the label bytes its entries point into.
  struct Entry {
    uint64_t hash;
    uint64_t ref;     // 0: an empty slot
    uint32_t offset;  // of the label bytes in the arena
    uint32_t length;  // kForgotten: a slot whose series was forgotten
  };
  static constexpr uint32_t kForgotten = UINT32_MAX;
  struct Generation {
    std::vector<Entry> slots;  // a power of two of them, at most 3/4 used
    size_t used = 0;
    std::string arena;
    size_t bytes() const noexcept { return arena.capacity() + slots.capacity() * sizeof(Entry); }
    Entry* find(std::string_view raw, uint64_t hash);
    void insert(std::string_view raw, uint64_t hash, uint64_t ref);
  };
  struct Stripe {
    mutable std::mutex mu;
    Generation current, previous;
  };
  void insert_locked(Stripe& stripe, std::string_view raw, uint64_t hash, uint64_t ref);
  // By the high bits: the low ones place entries within a stripe's table.
  Stripe& stripe_of(uint64_t hash) { return stripes_[(hash >> 32) % kStripes]; }

  const size_t max_stripe_bytes_;  // per half of a stripe
  std::array<Stripe, kStripes> stripes_;
};

}  // namespace vigil::ingest::remote_write
