#include "alerting/notify/expand.h"

namespace vigil::alerting::notify {

Result<void> expand_texts(std::initializer_list<TextToExpand> texts, const Notification& notification,
                          const ExpandText& expand) {
  for (const TextToExpand& t : texts) {
    auto expanded = expand(t.text, notification);
    if (!expanded) return std::unexpected(expanded.error());
    t.into = std::move(*expanded);
  }
  return {};
}

Result<std::map<std::string, std::string>> expand_values(const std::map<std::string, std::string>& texts,
                                                         const Notification& notification, const ExpandText& expand) {
  std::map<std::string, std::string> out;
  for (const auto& [name, text] : texts) {
    auto expanded = expand(text, notification);
    if (!expanded) return std::unexpected(expanded.error());
    out.emplace(name, std::move(*expanded));
  }
  return out;
}

}  // namespace vigil::alerting::notify
