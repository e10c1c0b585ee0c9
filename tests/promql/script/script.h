#pragma once
// A promqltest script (`*.test`) as the upstream driver at Prometheus v2.53.5
// reads it: `clear`, `load <step>` with series, and `eval` / `eval_fail` /
// `eval_ordered` (instant, or range) with expected results. The format is
// described in ../shared/promql-testdata/FORMAT.md. Reading checks what the
// upstream driver checks when it loads a file, including that every eval
// expression parses; evaluating is the runner's job.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"
#include "promql/series_notation.h"
#include "storage/labels/label_set.h"

namespace vigil::promql::script {

// Native histograms cannot be stored by Vigil; a command that loads, expects
// or (through an earlier load since the last `clear`) may read them is
// marked so the runner can skip it with this reason.
inline constexpr std::string_view kNativeHistogramsUnsupported =
    "native histograms are not supported by Vigil's storage";

struct Clear {
  int line = 0;
};

struct Sample {
  int64_t timestamp_ms = 0;  // from the Unix epoch
  SequenceValue value;       // a number (maybe storage::stale_nan()) or a native histogram, never omitted
};

struct LoadedSeries {
  storage::LabelSet labels;
  std::vector<Sample> samples;  // in time order; `_` slots left out
  int line = 0;
};

struct Load {
  int64_t step_ms = 0;
  // One entry per label set, in order of first appearance; a label set
  // written twice in one block keeps its last definition, as upstream.
  std::vector<LoadedSeries> series;
  bool native_histograms = false;
  int line = 0;
};

struct ExpectedSeries {
  storage::LabelSet labels;
  // Instant eval: at most one value. Range eval: value i is at
  // start + i * step; an omitted value means no point there.
  std::vector<SequenceValue> values;
  // 1-based index of the expectation line; eval_ordered wants the result at
  // index position - 1.
  size_t position = 0;
  int line = 0;
};

struct Eval {
  enum class Kind { instant, range };
  Kind kind = Kind::instant;
  bool fail = false;     // eval_fail: the query must fail when evaluated
  bool ordered = false;  // eval_ordered: result order must match the lines
  std::string expr;
  int64_t time_ms = 0;   // instant
  int64_t start_ms = 0;  // range
  int64_t end_ms = 0;
  int64_t step_ms = 0;
  // A bare number line: the result must be this scalar.
  std::optional<double> expected_scalar;
  // Label sets, each once (a repeated label set keeps its last line). Empty
  // with no scalar: the result must be an empty vector.
  std::vector<ExpectedSeries> expected;
  // It expects native histograms, or a load since the last `clear` had them.
  bool native_histograms = false;
  int line = 0;
};

using Command = std::variant<Clear, Load, Eval>;

struct Script {
  std::string file_name;
  std::vector<Command> commands;
};

// Errors read `<file_name>:<line>: <problem>`, with upstream's wording where
// the upstream driver has one (`invalid command "..."`, `invalid load
// command`, `invalid evaluation command`, ...).
Result<Script> read_script(std::string_view text, std::string_view file_name);

}  // namespace vigil::promql::script
