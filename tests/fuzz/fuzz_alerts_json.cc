// Arbitrary bytes as a POST /api/v2/alerts body: decoding gives alerts or
// Alertmanager's refusal, never a crash; each decoded alert is checked as
// the API checks it and written back as a gettableAlert.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/handlers/alert_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto alerts = vigil::api::read_postable_alerts(body);
  if (!alerts) {
    if (alerts.error().message.empty()) std::abort();
    return 0;
  }
  for (auto& alert : *alerts) {
    vigil::alerting::prepare_posted_alert(alert, vigil::alerting::TimePoint(std::chrono::hours(500'000)),
                                          std::chrono::minutes(5));
    const std::string problem = vigil::api::alert_problem(alert);
    if (!problem.empty()) continue;
    if (alert.labels.empty()) std::abort();
    std::string json;
    vigil::JsonWriter out(json);
    vigil::api::write_gettable_alert(out, alert, {});
  }
  return 0;
}
