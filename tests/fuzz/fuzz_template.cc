// Arbitrary bytes as a template: parsed with Prometheus's and Alertmanager's
// functions and executed against fixed data (the query function answers one
// sample) in both missing-key modes, within small limits. Either gives text
// or an error naming the problem, never a crash or a hang.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "template/alertmanager_functions.h"
#include "template/go_time.h"
#include "template/prometheus_functions.h"
#include "template/template.h"

namespace {

using vigil::tmpl::Value;

vigil::tmpl::Functions functions() {
  auto query = [](std::string_view) -> vigil::Result<std::vector<vigil::tmpl::QuerySample>> {
    return std::vector<vigil::tmpl::QuerySample>{{{{"__name__", "up"}, {"job", "api"}}, 1}};
  };
  auto f = vigil::tmpl::prometheus_functions(query, "http://prom:9090/x");
  for (auto& [name, function] : vigil::tmpl::alertmanager_functions()) f.emplace(name, function);
  return f;
}

Value data() {
  return Value::map({
      {"Labels", Value::string_map({{"instance", "db-1:9100"}, {"job", "node"}})},
      {"Value", Value::floating(0.25)},
      {"List", Value::list({Value::string("a"), Value::integer(2), Value::nil()})},
      {"Time", vigil::tmpl::time_value(vigil::tmpl::TimePoint{1704164645, 5})},
      {"Record", Value::record("*T", {{"A", Value::integer(1)}})},
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static const vigil::tmpl::Functions kFunctions = functions();
  static const Value kData = data();
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  auto parsed = vigil::tmpl::Template::parse("fuzz", text, kFunctions);
  if (!parsed) {
    if (parsed.error().message.empty()) std::abort();
    return 0;
  }
  vigil::tmpl::ExecuteOptions options;
  options.max_output_bytes = 1 << 16;
  options.max_steps = 20000;
  options.max_depth = 200;
  for (auto mode : {vigil::tmpl::MissingKey::invalid, vigil::tmpl::MissingKey::zero}) {
    options.missing_key = mode;
    auto out = parsed->execute(kData, options);
    if (!out && out.error().message.empty()) std::abort();
    if (out && out->size() > options.max_output_bytes) std::abort();
  }
  return 0;
}
