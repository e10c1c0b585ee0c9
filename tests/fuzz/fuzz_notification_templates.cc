// Arbitrary bytes as a user's template file and as a receiver text: added to
// Vigil's default templates and executed against a notification of two
// alerts, so the data's methods (.Alerts.Firing, .SortedPairs, .Remove ...)
// and the defaults meet hostile templates. Either gives text or an error,
// never a crash or a hang.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "alerting/notify/notification.h"
#include "alerting/notify/notification_templates.h"

namespace {

using namespace vigil::alerting;

const notify::Notification& sample() {
  static const notify::Notification kNotification = [] {
    const TimePoint now{std::chrono::seconds(1796547600)};
    const Alert alerts[] = {
        {.labels = {{"alertname", "A"}, {"env", "prod"}, {"instance", "a"}},
         .annotations = {{"summary", "<b>&"}},
         .starts_at = now,
         .generator_url = "http://prom/g"},
        {.labels = {{"alertname", "A"}, {"env", "prod"}, {"instance", "b"}},
         .starts_at = now - std::chrono::hours(1),
         .ends_at = now - std::chrono::seconds(1)},
    };
    return notify::make_notification("team x", "{}:{}", {{"alertname", "A"}}, notify::notification_alerts(alerts, now),
                                     "http://vigil:9093");
  }();
  return kNotification;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string text(reinterpret_cast<const char*>(bytes), size);
  auto templates = notify::load_notification_templates(AlertingConfig{});
  if (!templates) std::abort();  // the defaults always parse
  (void)templates->add("fuzz.tmpl", text);
  const auto expand = notify::expand_text_with(std::make_shared<const vigil::tmpl::TemplateSet>(std::move(*templates)));
  (void)expand(text, sample());
  (void)expand(R"({{ template "slack.default.fallback" . }}{{ template "pagerduty.default.instances" .Alerts }})",
               sample());
  return 0;
}
