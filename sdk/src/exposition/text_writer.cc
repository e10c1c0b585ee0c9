#include "vigil/exposition/text_writer.h"

#include <charconv>
#include <variant>

namespace vigil::exposition {
namespace {

using metrics::HistogramValue;
using metrics::Label;
using metrics::MetricFamily;
using metrics::MetricType;

std::string_view type_name(MetricType type, Format format) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
    case MetricType::unknown:
      break;
  }
  return format == Format::openmetrics ? "unknown" : "untyped";
}

// OpenMetrics also escapes '"' in HELP; the text format only '\\' and newlines.
void append_help(std::string& out, std::string_view text, Format format) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '"' && format == Format::openmetrics)
      out += "\\\"";
    else
      out += c;
  }
}

void append_metadata(std::string& out, std::string_view keyword, std::string_view family) {
  out += "# ";
  out += keyword;
  out += ' ';
  out += family;
  out += ' ';
}

void append_label_value(std::string& out, std::string_view text) {
  for (char c : text) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, result.ptr);
}

// name{a="x",b="y"} or, with no labels, just name. `le` is appended last
// when given (histogram buckets).
void append_series(std::string& out, std::string_view name, std::string_view suffix, const std::vector<Label>& labels,
                   const std::string* le = nullptr) {
  out += name;
  out += suffix;
  if (labels.empty() && le == nullptr) return;
  out += '{';
  bool first = true;
  for (const auto& label : labels) {
    if (!first) out += ',';
    first = false;
    out += label.name;
    out += "=\"";
    append_label_value(out, label.value);
    out += '"';
  }
  if (le != nullptr) {
    if (!first) out += ',';
    out += "le=\"";
    out += *le;
    out += '"';
  }
  out += '}';
}

void append_histogram(std::string& out, std::string_view name, const std::vector<Label>& labels,
                      const HistogramValue& h) {
  std::string le;
  for (std::size_t i = 0; i < h.cumulative_counts.size(); ++i) {
    le = i < h.upper_bounds.size() ? format_float(h.upper_bounds[i]) : "+Inf";
    append_series(out, name, "_bucket", labels, &le);
    out += ' ';
    append_uint(out, h.cumulative_counts[i]);
    out += '\n';
  }
  append_series(out, name, "_sum", labels);
  out += ' ';
  append_float(out, h.sum);
  out += '\n';
  append_series(out, name, "_count", labels);
  out += ' ';
  append_uint(out, h.count);
  out += '\n';
}

}  // namespace

void write_exposition(std::string& out, const std::vector<MetricFamily>& families, Format format) {
  const bool openmetrics = format == Format::openmetrics;
  for (const auto& family : families) {
    // An OpenMetrics counter family is named without the _total its samples carry.
    std::string_view name = family.name;
    if (openmetrics && family.type == MetricType::counter && name.ends_with("_total")) {
      name.remove_suffix(std::string_view("_total").size());
    }
    if (openmetrics) {
      append_metadata(out, "TYPE", name);
      out += type_name(family.type, format);
      out += '\n';
      // OpenMetrics requires the family name to end with its unit; a unit
      // that does not match the name is left out rather than made invalid.
      if (!family.unit.empty() && name.ends_with(family.unit) && name.size() > family.unit.size() &&
          name[name.size() - family.unit.size() - 1] == '_') {
        append_metadata(out, "UNIT", name);
        out += family.unit;
        out += '\n';
      }
    }
    if (!family.help.empty()) {
      append_metadata(out, "HELP", name);
      append_help(out, family.help, format);
      out += '\n';
    }
    if (!openmetrics) {
      append_metadata(out, "TYPE", name);
      out += type_name(family.type, format);
      out += '\n';
    }
    for (const auto& point : family.points) {
      if (const auto* h = std::get_if<metrics::HistogramValue>(&point.value)) {
        append_histogram(out, family.name, point.labels, *h);
      } else {
        append_series(out, family.name, "", point.labels);
        out += ' ';
        append_float(out, std::get<double>(point.value));
        out += '\n';
      }
    }
  }
  if (openmetrics) out += "# EOF\n";
}

void write_text(std::string& out, const std::vector<MetricFamily>& families) {
  write_exposition(out, families, Format::prometheus_text);
}

}  // namespace vigil::exposition
