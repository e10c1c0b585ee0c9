#include "ingest/remote_write/series_ref_cache.h"

#include <xxhash.h>

#include <algorithm>

namespace vigil::ingest::remote_write {
SeriesRefCache::SeriesRefCache(size_t max_bytes) : max_stripe_bytes_(max_bytes / kStripes / 2) {}

uint64_t SeriesRefCache::hash(std::string_view raw) noexcept { return XXH3_64bits(raw.data(), raw.size()); }

SeriesRefCache::Entry* SeriesRefCache::Generation::find(std::string_view raw, uint64_t hash) {
  if (slots.empty()) return nullptr;
  const size_t mask = slots.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Entry& e = slots[i];
    if (e.ref == 0) return nullptr;
    if (e.hash == hash) {
      if (e.length == kForgotten || std::string_view(arena).substr(e.offset, e.length) != raw) return nullptr;
      return &e;
    }
  }
}

void SeriesRefCache::Generation::insert(std::string_view raw, uint64_t hash, uint64_t ref) {
  if ((used + 1) * 4 > slots.size() * 3) {
    std::vector<Entry> old(std::max<size_t>(16, slots.size() * 2), Entry{});
    old.swap(slots);
    used = 0;
    for (const Entry& e : old) {
      if (e.ref == 0) continue;
      for (size_t i = e.hash & (slots.size() - 1);; i = (i + 1) & (slots.size() - 1)) {
        if (slots[i].ref == 0) {
          slots[i] = e;
          ++used;
          break;
        }
      }
    }
  }
  const size_t mask = slots.size() - 1;
  size_t i = hash & mask;
  while (slots[i].ref != 0 && slots[i].hash != hash) i = (i + 1) & mask;
  if (slots[i].ref == 0) ++used;
  slots[i] = Entry{hash, ref, static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(raw.size())};
  arena.append(raw);
}

uint64_t SeriesRefCache::find(std::string_view raw, uint64_t hash) {
  Stripe& stripe = stripe_of(hash);
  std::lock_guard lock(stripe.mu);
  if (const Entry* e = stripe.current.find(raw, hash)) return e->ref;
  const Entry* e = stripe.previous.find(raw, hash);
  if (e == nullptr) return 0;
  // Still in use: kept into the current half, so it outlives the next turn.
  const uint64_t ref = e->ref;
  insert_locked(stripe, raw, hash, ref);
  return ref;
}

void SeriesRefCache::insert(std::string_view raw, uint64_t hash, uint64_t ref) {
  Stripe& stripe = stripe_of(hash);
  std::lock_guard lock(stripe.mu);
  insert_locked(stripe, raw, hash, ref);
}

void SeriesRefCache::insert_locked(Stripe& stripe, std::string_view raw, uint64_t hash, uint64_t ref) {
  // Label bytes larger than a half are not worth keeping (and their offset
  // would not fit): such a series is decoded every time.
  if (raw.size() + sizeof(Entry) > max_stripe_bytes_) return;
  if (stripe.current.bytes() + raw.size() + sizeof(Entry) > max_stripe_bytes_) {
    stripe.previous = std::move(stripe.current);
    stripe.current = Generation();
  }
  stripe.current.insert(raw, hash, ref);
}

void SeriesRefCache::forget(std::string_view raw, uint64_t hash) {
  Stripe& stripe = stripe_of(hash);
  std::lock_guard lock(stripe.mu);
  for (Generation* g : {&stripe.current, &stripe.previous}) {
    if (Entry* e = g->find(raw, hash)) e->length = kForgotten;
  }
}

size_t SeriesRefCache::memory_bytes() const {
  size_t total = 0;
  for (const Stripe& stripe : stripes_) {
    std::lock_guard lock(stripe.mu);
    total += stripe.current.bytes() + stripe.previous.bytes();
  }
  return total;
}

}  // namespace vigil::ingest::remote_write
