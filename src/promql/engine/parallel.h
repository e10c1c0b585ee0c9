#pragma once
// Splits the series of one node over a few threads. Each series' result
// goes to its own slot, so output order does not depend on scheduling.

#include <cstddef>
#include <functional>

namespace vigil::promql::engine {

// Calls body(begin, end) on contiguous ranges covering [0, n), on up to
// `threads` threads (the caller's among them), giving each at least
// `min_per_thread` items. The first exception thrown by any range is
// rethrown here once all have stopped.
void parallel_ranges(size_t n, unsigned threads, size_t min_per_thread,
                     const std::function<void(size_t begin, size_t end)>& body);

}  // namespace vigil::promql::engine
