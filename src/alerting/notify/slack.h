#pragma once
// The Slack integration: the incoming-webhook JSON Alertmanager 0.25 posts,
// one attachment per notification.

#include <string>
#include <vector>

#include "alerting/config.h"
#include "alerting/notify/notifier.h"

namespace vigil::alerting::notify {

// A Slack configuration's texts, expanded for one notification.
struct SlackMessage {
  std::string channel, username, icon_emoji, icon_url;
  bool link_names = false;
  std::string title, title_link, pretext, text, fallback, callback_id, footer, color, image_url, thumb_url;
  std::vector<std::string> mrkdwn_in;  // empty: Alertmanager's ["fallback", "pretext", "text"]
};

inline constexpr size_t kSlackMaxTitleRunes = 1024;

Result<SlackMessage> expand_slack(const SlackConfig& config, const Notification& notification,
                                  const ExpandText& expand);

// The body, byte for byte as Alertmanager's encoding/json writes it (empty
// optional fields left out); the title is cut to 1024 runes ending in "…".
std::string slack_payload(const SlackMessage& message);

class SlackNotifier : public Notifier {
 public:
  SlackNotifier(SlackConfig config, ExpandText expand) : config_(std::move(config)), expand_(std::move(expand)) {}
  Attempt send(const Notification& notification, Deadline deadline, const std::stop_token& stop) override;

 private:
  SlackConfig config_;
  ExpandText expand_;
};

}  // namespace vigil::alerting::notify
