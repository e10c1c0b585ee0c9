#pragma once
// The series one data point becomes (one for a gauge or counter, several for
// a histogram or summary), assembled and checked together: a data point is
// stored whole or rejected whole.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/otlp/attributes.h"
#include "ingest/otlp/histograms.h"
#include "storage/appender.h"
#include "storage/labels/validation.h"

namespace vigil::ingest::otlp {

// A bucket bound or quantile as a label value: plain decimal notation with
// the shortest digits that read back exactly ("0.005", "100"), "+Inf".
std::string format_label_number(double v);

class PointSeries {
 public:
  // `labels`: the point's labels without __name__; `t`: its timestamp (ms).
  PointSeries(LabelMap labels, int64_t t) : labels_(std::move(labels)), t_(t) {}

  // A series named `name`, plus one extra label (`le`, `quantile`) when
  // `extra_name` is not empty.
  void add(const std::string& name, double value, std::string_view extra_name = {}, std::string_view extra_value = {});

  // _bucket (cumulative, with le="+Inf" = count), _sum when known, _count.
  void add_histogram(const std::string& name, const ClassicHistogram& histogram);

  // Every value replaced by the staleness marker (the NoRecordedValue flag).
  void mark_stale();

  // Checks every series against storage's rules and limits and moves them
  // to `out`; the first problem otherwise, with nothing moved.
  std::expected<void, std::string> take(std::vector<storage::SeriesSamples>& out, const storage::LabelLimits& limits);

  // A key that identifies the point's series of metric `name` for delta to
  // cumulative conversion.
  std::string stream_key(std::string_view name, char kind) const;

 private:
  LabelMap labels_;
  int64_t t_;
  std::vector<std::pair<LabelMap, double>> series_;
};

}  // namespace vigil::ingest::otlp
