// Arbitrary bytes as an Alertmanager configuration: reading gives the
// configuration or an error naming the problems, never a crash; a valid one
// builds a route tree that can be matched.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "alerting/config.h"
#include "alerting/route.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = vigil::alerting::parse_alerting_config(text, "fuzz.yml");
  if (!config) {
    if (config.error().message.empty()) std::abort();
    return 0;
  }
  auto root = vigil::alerting::Route::build(config->route);
  for (const auto* route : root->match({{"alertname", "A"}, {"severity", "page"}})) {
    if (route->key().empty()) std::abort();
    (void)route->group_key({{"alertname", "A"}});
  }
  return 0;
}
