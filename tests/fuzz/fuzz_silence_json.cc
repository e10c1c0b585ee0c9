// Arbitrary bytes as a POST /api/v2/silences body (core/go_json, then the
// model): decoding gives a silence or Alertmanager's refusal, never a crash.
// An accepted silence is stored, written back as a gettableSilence, and that
// JSON, posted again with its id, is accepted and keeps the id (an active
// silence with the same matchers, start and end updates in place).

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/handlers/silence_json.h"

namespace {

using namespace std::chrono_literals;
using vigil::alerting::TimePoint;

const TimePoint kNow = std::chrono::sys_days{std::chrono::year(2026) / 12 / 6} + 9h;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto posted = vigil::api::read_postable_silence(body);
  if (!posted) {
    if (posted.error().message.empty()) std::abort();
    return 0;
  }
  vigil::alerting::SilencesOptions options;
  options.clock = [] { return kNow; };
  auto silences = std::move(*vigil::alerting::Silences::open(options));
  posted->id.clear();
  auto id = silences->set(*posted);
  if (!id) {
    if (id.error().message.empty()) std::abort();
    return 0;
  }
  auto stored = silences->get(*id);
  if (!stored) std::abort();
  std::string json;
  vigil::JsonWriter out(json);
  vigil::api::write_gettable_silence(out, *stored, stored->state_at(kNow));
  auto again = vigil::api::read_postable_silence(json);
  if (!again || again->id != *id) std::abort();
  auto same = silences->set(*again);
  if (!same) {
    // Times are written to the millisecond: a start and end within the same
    // millisecond may collapse, and an end may move before now.
    if (same.error().message.starts_with("Failed to create silence")) return 0;
    std::abort();
  }
  if (stored->state_at(kNow) == vigil::alerting::SilenceState::active && *same != *id) std::abort();
  return 0;
}
