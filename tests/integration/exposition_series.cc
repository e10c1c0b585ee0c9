#include "exposition_series.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "ingest/exposition/text_parser.h"
#include "support/form_encode.h"
#include "support/http_client.h"
#include "vigil/exposition/text_writer.h"

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
  struct Series : ingest::exposition::ParseSink {
    const std::map<std::string, std::string>& target_labels;
    std::set<std::string> out;
    explicit Series(const std::map<std::string, std::string>& t) : target_labels(t) {}
    void on_sample(const ingest::exposition::SampleView& sample) override {
      std::map<std::string, std::string> labels = target_labels;
      for (const auto& label : sample.labels) labels[std::string(label.name)] = label.value;
      // The writer spelled the value with the same function.
      out.insert(series_line(std::string(sample.name), labels, vigil::exposition::format_float(sample.value)));
    }
  } series(target_labels);
  auto parsed = ingest::exposition::TextParser().parse(exposition, vigil::exposition::Format::prometheus_text, series);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return series.out;
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
