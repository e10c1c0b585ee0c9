#include "vigil/log/correlation.h"

#include <cstdint>
#include <random>
#include <utility>

namespace vigil::log {
namespace {

// The innermost scope of this thread. Scopes live on the stack of the thread
// that made them, so the chain is only ever touched by that thread.
thread_local const CorrelationScope* t_current = nullptr;

std::mt19937_64& thread_rng() {
  // Seeded once per thread from the OS: ids only need to be unique, not
  // unguessable, and a per-thread engine needs no lock.
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  return rng;
}

}  // namespace

CorrelationScope::CorrelationScope(std::string id) : id_(std::move(id)), previous_(t_current) { t_current = this; }

CorrelationScope::~CorrelationScope() { t_current = previous_; }

std::string_view CorrelationScope::current() noexcept {
  return t_current != nullptr ? std::string_view(t_current->id_) : std::string_view();
}

std::string new_correlation_id() {
  auto& rng = thread_rng();
  uint64_t hi = 0;
  uint64_t lo = 0;
  while (hi == 0 && lo == 0) {  // all zeros is not a valid trace-id
    hi = rng();
    lo = rng();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int i = 0; i < 16; ++i) {
    id[static_cast<std::size_t>(15 - i)] = kHex[(hi >> (4 * i)) & 0xF];
    id[static_cast<std::size_t>(31 - i)] = kHex[(lo >> (4 * i)) & 0xF];
  }
  return id;
}

}  // namespace vigil::log
