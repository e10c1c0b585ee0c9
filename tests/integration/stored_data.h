#pragma once
// Data written into a storage directory by this process, with the storage
// library itself, for tests of the binary on existing data (remote write is
// not there yet to send it over HTTP).

#include <string>
#include <utility>
#include <vector>

#include "storage/appender.h"
#include "storage/querier.h"

namespace vigil::testing {

// {{"__name__", "up"}, {"job", "a"}} with samples.
storage::SeriesSamples make_series(std::vector<storage::Label> labels, std::vector<storage::Sample> samples);

// Appends `series` to the storage at `dir` and closes it; with `into_blocks`,
// writes the head into blocks first (Database::flush_head).
void store(const std::string& dir, const std::vector<storage::SeriesSamples>& series, bool into_blocks);

// Every series in the storage at `dir` with its samples, sorted by labels.
std::vector<storage::SeriesData> read_all(const std::string& dir);

}  // namespace vigil::testing
