#pragma once
// What rule tests share: an engine over series in memory, an appender that
// keeps what it is given, and rule specs built from text.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "promql/engine/memory_queryable.h"
#include "rules/evaluation_context.h"
#include "rules/rule_file.h"
#include "storage/appender.h"

namespace vigil::rules::testing {

class RecordingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries) override {
    std::lock_guard lock(mu);
    for (const auto& series : batch) {
      auto labels = storage::LabelSet::from(series.labels);
      for (const auto& sample : series.samples) written[labels->to_string()].push_back(sample);
    }
    storage::AppendOutcome outcome;
    outcome.refs.assign(batch.size(), 0);
    return outcome;
  }
  std::mutex mu;
  std::map<std::string, std::vector<storage::Sample>> written;  // by labels' text
};

struct EngineFixture {
  promql::Engine engine{promql::EngineOptions{.parallelism = 1}};
  promql::testing::MemoryQueryable data;
  EvaluationContext context() const {
    return {.engine = engine, .data = data, .external_labels = {}, .external_url = ""};
  }
};

// The one group of a rule file text.
inline RuleGroup parse_group(const std::string& yaml) {
  auto file = parse_rule_file(yaml, "test.yml");
  if (!file) throw std::runtime_error(file.error().message);
  return file->groups.at(0);
}

}  // namespace vigil::rules::testing
