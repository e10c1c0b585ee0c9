#pragma once
// The TYPE, HELP and UNIT lines of a target's last successful scrape, per
// metric family, for /api/v1/metadata (Prometheus keeps the same in its
// scrape cache). Bounded per target, since a target chooses how many
// families it exposes.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/exposition/text_parser.h"

namespace vigil::ingest::scrape {

// Families beyond this many in one scrape are not remembered.
inline constexpr size_t kMaxMetadataPerTarget = 10'000;

struct MetricMetadata {
  std::string metric;  // the family name as written on the TYPE/HELP/UNIT line
  std::string type = "unknown";
  std::string help;
  std::string unit;
};

// Sorted by metric.
using MetadataList = std::vector<MetricMetadata>;

class MetadataCollector {
 public:
  void type(std::string_view family, exposition::MetricType type);
  void help(std::string_view family, std::string_view help);
  void unit(std::string_view family, std::string_view unit);

  std::shared_ptr<const MetadataList> take();

 private:
  MetricMetadata* entry(std::string_view family);

  std::map<std::string, MetricMetadata, std::less<>> families_;
};

}  // namespace vigil::ingest::scrape
