#pragma once
// One series' samples often come in several time-sorted runs: from the head
// and from blocks, or from blocks that overlap after a crash.

#include <cstddef>
#include <vector>

#include "storage/sample.h"

namespace vigil::storage {

// Merges the runs into one in time order, keeping the earliest run's sample
// where several share a timestamp.
std::vector<Sample> merge_sample_runs(std::vector<std::vector<Sample>> runs);

}  // namespace vigil::storage
