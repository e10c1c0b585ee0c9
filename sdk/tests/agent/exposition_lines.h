#pragma once
// Reads the series of a Prometheus text exposition, for the agent tests.

#include <set>
#include <sstream>
#include <string>

#include "vigil/exposition/text_writer.h"
#include "vigil/metrics/registry.h"

namespace vigil::agent::testing {

// Every sample line's name and labels ("a_total{x=\"1\"}"), without the
// value; a histogram's _bucket lines are left out (its _count stands for it).
inline std::set<std::string> exposed_series(const metrics::Registry& registry) {
  std::string text;
  exposition::write_exposition(text, registry.collect(), exposition::Format::prometheus_text);
  std::set<std::string> series;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::string name_and_labels = line.substr(0, line.rfind(' '));
    if (name_and_labels.find("_bucket{") != std::string::npos) continue;
    series.insert(name_and_labels);
  }
  return series;
}

}  // namespace vigil::agent::testing
