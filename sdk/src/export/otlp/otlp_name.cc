#include "export/otlp/otlp_name.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace vigil::exporter::otlp {
namespace {

// Prometheus unit words -> the UCUM units receivers turn back into them
// (the reverse of the receiver's table).
constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kUcum{{
    {"days", "d"},          {"hours", "h"},        {"minutes", "min"},   {"seconds", "s"},      {"milliseconds", "ms"},
    {"microseconds", "us"}, {"nanoseconds", "ns"}, {"bytes", "By"},      {"kibibytes", "KiBy"}, {"mebibytes", "MiBy"},
    {"gibibytes", "GiBy"},  {"tibibytes", "TiBy"}, {"kilobytes", "KBy"}, {"megabytes", "MBy"},  {"gigabytes", "GBy"},
    {"terabytes", "TBy"},   {"meters", "m"},       {"volts", "V"},       {"amperes", "A"},      {"joules", "J"},
    {"watts", "W"},         {"grams", "g"},        {"celsius", "Cel"},   {"hertz", "Hz"},       {"percent", "%"},
}};

std::vector<std::string_view> words(std::string_view name) {
  std::vector<std::string_view> out;
  while (!name.empty()) {
    const size_t end = std::min(name.find('_'), name.size());
    if (end > 0) out.push_back(name.substr(0, end));
    name.remove_prefix(std::min(end + 1, name.size()));
  }
  return out;
}

std::string otlp_unit(std::string_view name, std::string_view unit, metrics::MetricType type) {
  if (unit.empty()) return {};
  const std::vector<std::string_view> name_words = words(name);
  const bool named = std::find(name_words.begin(), name_words.end(), unit) != name_words.end();
  if (named) {
    for (const auto& [word, ucum] : kUcum) {
      if (word == unit) return std::string(ucum);
    }
    // Receivers give gauges of unit "1" a final "_ratio" and other types none.
    const bool sent_as_gauge = type == metrics::MetricType::gauge || type == metrics::MetricType::unknown;
    if (unit == "ratio" && (!sent_as_gauge || name_words.back() == "ratio")) return "1";
  }
  // Appended rather than "{" + ... + "}": GCC 12 at -O3 warns falsely (-Wrestrict) on that.
  std::string annotation = "{";
  annotation.append(unit).push_back('}');
  return annotation;
}

}  // namespace

OtlpName otlp_name(const metrics::MetricFamily& family) {
  std::string_view name = family.name;
  if (family.type == metrics::MetricType::counter && name.ends_with("_total")) name.remove_suffix(6);
  return {std::string(name), otlp_unit(name, family.unit, family.type)};
}

}  // namespace vigil::exporter::otlp
