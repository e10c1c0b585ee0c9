#pragma once
// Template texts of notifier configurations, expanded for one notification
// by a function the caller provides (the template module), so that the
// notifiers do not depend on the template engine.

#include <functional>
#include <initializer_list>
#include <map>
#include <string>

#include "alerting/notify/notification.h"
#include "core/error.h"

namespace vigil::alerting::notify {

using ExpandText = std::function<Result<std::string>(const std::string& text, const Notification& data)>;

struct TextToExpand {
  const std::string& text;
  std::string& into;
};

// Expands each text into its destination; the first error is returned.
Result<void> expand_texts(std::initializer_list<TextToExpand> texts, const Notification& notification,
                          const ExpandText& expand);

// Expands every value of a map (PagerDuty details, email headers).
Result<std::map<std::string, std::string>> expand_values(const std::map<std::string, std::string>& texts,
                                                         const Notification& notification, const ExpandText& expand);

}  // namespace vigil::alerting::notify
