// Arbitrary bytes as a scrape body in both formats: parsing ends in samples
// or an error naming a line, never a crash; and every sample parsed from the
// text format, written back in the text format, parses to the same sample.

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/exposition/text_parser.h"

namespace {

using namespace vigil::ingest::exposition;

struct Written {
  std::string line;
  std::vector<std::pair<std::string, std::string>> labels;
  uint64_t value_bits;
  std::optional<int64_t> timestamp_ms;
};

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Writes each sample back as one text-format line, hex floats keeping every bit.
struct Rewriter : ParseSink {
  std::vector<Written> written;
  void on_sample(const SampleView& s) override {
    Written w;
    w.line = std::string(s.name) + "{";
    for (const LabelView& l : s.labels) {
      w.line += std::string(l.name) + "=\"" + escape(l.value) + "\",";
      w.labels.emplace_back(l.name, l.value);
    }
    w.line += "} ";
    char value[64];
    if (std::isnan(s.value)) {
      std::snprintf(value, sizeof value, "NaN");
    } else if (std::isinf(s.value)) {
      std::snprintf(value, sizeof value, "%sInf", s.value > 0 ? "+" : "-");
    } else {
      std::snprintf(value, sizeof value, "%a", s.value);
    }
    w.line += value;
    if (s.timestamp_ms) w.line += " " + std::to_string(*s.timestamp_ms);
    w.value_bits = std::bit_cast<uint64_t>(s.value);
    w.timestamp_ms = s.timestamp_ms;
    written.push_back(std::move(w));
  }
};

struct Checker : ParseSink {
  const Written* expected = nullptr;
  size_t seen = 0;
  void on_sample(const SampleView& s) override {
    ++seen;
    if (s.labels.size() != expected->labels.size() || std::bit_cast<uint64_t>(s.value) != expected->value_bits ||
        s.timestamp_ms != expected->timestamp_ms) {
      std::abort();
    }
    for (size_t i = 0; i < s.labels.size(); ++i) {
      if (s.labels[i].name != expected->labels[i].first || s.labels[i].value != expected->labels[i].second) std::abort();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  TextParser parser;
  Rewriter openmetrics;
  (void)parser.parse(input, Format::openmetrics, openmetrics);
  Rewriter text;
  if (!parser.parse(input, Format::prometheus_text, text)) return 0;
  for (const Written& w : text.written) {
    Checker checker;
    checker.expected = &w;
    if (!parser.parse(w.line, Format::prometheus_text, checker) || checker.seen != 1) std::abort();
  }
  return 0;
}
