#pragma once
// One stripe's map from a 64-bit key (a ref, or a label-set hash) to series:
// open addressing with linear probing and backward-shift deletion, 16 bytes
// a slot, no node per entry. Keys may repeat (two label sets can share a
// hash); find() takes a predicate to tell them apart.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace vigil::storage::head {

class MemorySeries;

class SeriesTable {
 public:
  // The first series under `key` that `match` accepts, or null.
  template <class Match>
  MemorySeries* find(uint64_t key, Match&& match) const {
    if (size_ == 0) return nullptr;
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.series == nullptr) return nullptr;
      if (slot.key == key && match(*slot.series)) return slot.series;
    }
  }

  // Asks the CPU to fetch the slot where `key`'s search starts. Safe without
  // the stripe's lock: it reads only atomics, and a prefetch of an address a
  // concurrent rehash has just freed (or a stale index into the new table)
  // does no harm.
  void prefetch(uint64_t key) const noexcept {
    const Slot* slots = view_.load(std::memory_order_acquire);
    if (slots == nullptr) return;
    const int shift = view_shift_.load(std::memory_order_relaxed) & 63;
    __builtin_prefetch(slots + (((key * kFibonacci) >> shift) & view_mask_.load(std::memory_order_relaxed)));
  }

  void insert(uint64_t key, MemorySeries* series) {
    // Grow at 3/4 full: linear probing slows down quickly past that.
    if ((size_ + 1) * 4 > capacity() * 3) rehash(capacity() == 0 ? 8 : capacity() * 2);
    place(key, series);
    ++size_;
  }

  // Removes the entry of `series` under `key`; false when there is none.
  bool erase(uint64_t key, const MemorySeries* series) {
    if (size_ == 0) return false;
    size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (slots_[i].series == nullptr) return false;
      if (slots_[i].key == key && slots_[i].series == series) break;
    }
    // Backward shift: pull later entries of the probe run into the hole
    // unless that would move them before their home slot.
    for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
      if (slots_[j].series == nullptr) break;
      size_t h = home(slots_[j].key);
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot{};
    --size_;
    return true;
  }

  template <class Fn>
  void for_each(Fn&& fn) const {
    for (size_t i = 0; i < capacity(); ++i) {
      if (slots_[i].series != nullptr) fn(*slots_[i].series);
    }
  }

  size_t size() const noexcept { return size_; }
  size_t memory_bytes() const noexcept { return capacity() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t key = 0;
    MemorySeries* series = nullptr;  // null: empty slot
  };

  size_t capacity() const noexcept { return slots_ == nullptr ? 0 : mask_ + 1; }
  // Fibonacci hashing: refs are dense and a stripe's label hashes share their
  // low bits, so the key is mixed before its top bits pick the slot.
  static constexpr uint64_t kFibonacci = 0x9e3779b97f4a7c15ULL;
  size_t home(uint64_t key) const noexcept { return static_cast<size_t>((key * kFibonacci) >> shift_) & mask_; }
  void place(uint64_t key, MemorySeries* series) {
    size_t i = home(key);
    while (slots_[i].series != nullptr) i = (i + 1) & mask_;
    slots_[i] = {key, series};
  }
  void rehash(size_t capacity) {
    size_t old_capacity = this->capacity();
    auto old = std::move(slots_);
    slots_ = std::make_unique<Slot[]>(capacity);
    mask_ = capacity - 1;
    shift_ = 64 - std::countr_zero(capacity);
    for (size_t i = 0; i < old_capacity; ++i) {
      if (old[i].series != nullptr) place(old[i].key, old[i].series);
    }
    view_mask_.store(mask_, std::memory_order_relaxed);
    view_shift_.store(shift_, std::memory_order_relaxed);
    view_.store(slots_.get(), std::memory_order_release);
  }

  std::unique_ptr<Slot[]> slots_;
  size_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
  // Copies of slots_, mask_ and shift_ for prefetch(), which runs unlocked.
  std::atomic<const Slot*> view_{nullptr};
  std::atomic<size_t> view_mask_{0};
  std::atomic<int> view_shift_{64};
};

}  // namespace vigil::storage::head
