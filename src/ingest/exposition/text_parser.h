#pragma once
// Parses the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text
// in one pass without copying: names and label values are views into the
// input (a label value with escapes is unescaped into the parser's scratch
// space), handed to a sink line by line. Scrapes are parsed this way, so it
// is built for speed: one scan per line, no allocation per sample once the
// parser's buffers have grown.
//
// Errors name the line and column and what was expected there. Parsing stops
// at the first error; what the sink received before it is what preceded the
// bad line (the caller decides whether to keep it: a scrape does not).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ingest/exposition/name_set.h"
#include "vigil/exposition/format.h"

namespace vigil::ingest::exposition {

using vigil::exposition::Format;

enum class MetricType { counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown };
const char* to_string(MetricType type) noexcept;

struct LabelView {
  std::string_view name;
  std::string_view value;  // unescaped
};

struct ExemplarView {
  std::span<const LabelView> labels;
  double value = 0;
  std::optional<int64_t> timestamp_ms;
};

struct SampleView {
  std::string_view name;              // the series' metric name, suffix included (foo_bucket, foo_total)
  std::span<const LabelView> labels;  // in written order; names unique
  double value = 0;
  std::optional<int64_t> timestamp_ms;
  std::optional<ExemplarView> exemplar;  // OpenMetrics only
  size_t line = 0;                       // 1-based
};

// Receives what the parser finds, in input order. Views are valid only
// during the call.
class ParseSink {
 public:
  virtual ~ParseSink() = default;
  virtual void on_type(std::string_view family, MetricType type) { (void)family, (void)type; }
  virtual void on_help(std::string_view family, std::string_view help) { (void)family, (void)help; }
  virtual void on_unit(std::string_view family, std::string_view unit) { (void)family, (void)unit; }
  virtual void on_sample(const SampleView& sample) = 0;
};

class TextParser {
 public:
  // Parses all of `input`. OpenMetrics input must end with "# EOF".
  Result<void> parse(std::string_view input, Format format, ParseSink& sink);

 private:
  std::vector<LabelView> labels_;    // of the current sample, then of its exemplar
  std::string scratch_;              // unescaped label values of the current line
  NameSet seen_types_;  // families with a TYPE line, for duplicates
};

}  // namespace vigil::ingest::exposition
