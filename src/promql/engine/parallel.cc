#include "promql/engine/parallel.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace vigil::promql::engine {

void parallel_ranges(size_t n, unsigned threads, size_t min_per_thread,
                     const std::function<void(size_t, size_t)>& body) {
  const size_t by_size = min_per_thread == 0 ? n : n / min_per_thread;
  const size_t workers = std::max<size_t>(1, std::min<size_t>(threads, by_size));
  if (workers == 1) {
    if (n > 0) body(0, n);
    return;
  }
  std::mutex mu;
  std::exception_ptr first_error;
  auto run = [&](size_t begin, size_t end) {
    try {
      body(begin, end);
    } catch (...) {
      std::lock_guard lock(mu);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::jthread> helpers;
  helpers.reserve(workers - 1);
  const size_t per = (n + workers - 1) / workers;
  for (size_t w = 1; w < workers; ++w) {
    const size_t begin = std::min(n, w * per), end = std::min(n, (w + 1) * per);
    helpers.emplace_back(run, begin, end);
  }
  run(0, std::min(n, per));
  helpers.clear();  // joins
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace vigil::promql::engine
