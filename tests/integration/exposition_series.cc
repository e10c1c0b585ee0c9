#include "exposition_series.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "support/form_encode.h"
#include "support/http_client.h"

namespace vigil::testing {
namespace {

// "name{a="x",b="y"} value" with the labels sorted by name.
std::string series_line(const std::string& name, std::map<std::string, std::string> labels, const std::string& value) {
  std::string out = name + "{";
  bool first = true;
  for (const auto& [label, label_value] : labels) {
    if (!first) out += ",";
    first = false;
    out += label + "=\"" + label_value + "\"";
  }
  return out + "} " + value;
}

}  // namespace

std::set<std::string> exposition_series(const std::string& exposition,
                                        const std::map<std::string, std::string>& target_labels) {
  std::set<std::string> out;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    const size_t space = line.rfind(' ');
    const std::string sample = line.substr(0, space);
    const size_t brace = sample.find('{');
    std::map<std::string, std::string> labels = target_labels;
    if (brace != std::string::npos) {
      std::string inside = sample.substr(brace + 1, sample.size() - brace - 2);
      while (!inside.empty()) {
        const size_t equals = inside.find("=\"");
        const size_t close = inside.find('"', equals + 2);
        labels[inside.substr(0, equals)] = inside.substr(equals + 2, close - equals - 2);
        inside.erase(0, std::min(close + 2, inside.size()));  // past `",`
      }
    }
    out.insert(series_line(sample.substr(0, brace), labels, line.substr(space + 1)));
  }
  return out;
}

std::set<std::string> queried_series(int port, const std::string& query) {
  std::set<std::string> out;
  auto res = http_get(port, "/api/v1/query?" + form_encode({{"query", query}}));
  EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  if (!res) return out;
  google::protobuf::Struct answer;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(res->body, &answer).ok()) << res->body;
  for (const auto& item : answer.fields().at("data").struct_value().fields().at("result").list_value().values()) {
    const auto& fields = item.struct_value().fields();
    std::map<std::string, std::string> labels;
    std::string name;
    for (const auto& [label, value] : fields.at("metric").struct_value().fields()) {
      if (label == "__name__") {
        name = value.string_value();
      } else {
        labels[label] = value.string_value();
      }
    }
    out.insert(series_line(name, labels, fields.at("value").list_value().values(1).string_value()));
  }
  return out;
}

}  // namespace vigil::testing
