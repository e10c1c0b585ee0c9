#pragma once
// Vigil's definitions of the named templates Alertmanager 0.25 provides and
// its notifier defaults call ("slack.default.title", "__subject", ...). They
// are Vigil's own texts, written to give Alertmanager's output for the same
// data (checked against Alertmanager itself in the tests); email.default.html
// is Vigil's own, simpler page.

#include <string_view>

namespace vigil::alerting::notify {

// The file name the definitions are parsed under (in error messages).
inline constexpr std::string_view kDefaultTemplatesName = "default.tmpl";

// The text of every default define.
std::string_view default_templates_text();

}  // namespace vigil::alerting::notify
