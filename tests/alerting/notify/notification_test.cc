// The data of a notification, times as Go writes them, rune truncation,
// net/mail address lists and the MIME encodings of email.

#include "alerting/notify/notification.h"

#include <gtest/gtest.h>

#include "alerting/notify/mail_address.h"
#include "alerting/notify/mime.h"
#include "alerting/notify/sample_notification.h"
#include "alerting/notify/truncate.h"

namespace vigil::alerting::notify {
namespace {

using testing::at;

TEST(Notification, StatusAndCommonPairs) {
  const Notification n = testing::sample_notification();
  EXPECT_EQ(n.status, "firing");
  EXPECT_EQ(n.firing_count(), 1u);
  EXPECT_EQ(n.resolved_count(), 1u);
  EXPECT_EQ(n.alerts[0].status, "firing");
  EXPECT_EQ(n.alerts[1].status, "resolved");
  EXPECT_EQ(n.common_labels, (Labels{{"alertname", "HighLatency"}, {"env", "prod"}}));
  EXPECT_EQ(n.common_annotations, (Labels{{"summary", "p99 > 1s <b>&"}}));
  EXPECT_EQ(n.alerts[0].fingerprint, "dc7f271bd3c4ad86");

  const Notification resolved = with_alerts(n, {n.alerts[1]});
  EXPECT_EQ(resolved.status, "resolved");
  EXPECT_EQ(resolved.common_labels, n.alerts[1].labels);
  EXPECT_TRUE(with_alerts(n, {}).common_labels.empty());
}

TEST(Notification, AnAlertEndingExactlyNowIsResolved) {
  Alert alert{.labels = {{"a", "1"}}, .starts_at = at(0), .ends_at = at(60)};
  EXPECT_EQ(notification_alerts({&alert, 1}, at(59))[0].status, "firing");
  EXPECT_EQ(notification_alerts({&alert, 1}, at(60))[0].status, "resolved");
}

TEST(GoTime, WritesRfc3339WithTrailingZerosCut) {
  EXPECT_EQ(go_time_text(TimePoint{}), "0001-01-01T00:00:00Z");
  EXPECT_EQ(go_time_text(at(0)), "2026-12-06T09:00:00Z");
  EXPECT_EQ(go_time_text(at(1, 100'000'000)), "2026-12-06T09:00:01.1Z");
  EXPECT_EQ(go_time_text(at(0, 120'000)), "2026-12-06T09:00:00.00012Z");
  EXPECT_EQ(go_time_text(at(0, 1)), "2026-12-06T09:00:00.000000001Z");
  EXPECT_EQ(go_time_text(TimePoint(std::chrono::seconds(-1))), "1969-12-31T23:59:59Z");
}

TEST(TruncateRunes, CutsRunesNotBytes) {
  EXPECT_EQ(truncate_runes("abc", 3).text, "abc");
  EXPECT_FALSE(truncate_runes("abc", 3).truncated);
  EXPECT_EQ(truncate_runes("abcdef", 5).text, "abcd…");
  EXPECT_TRUE(truncate_runes("abcdef", 5).truncated);
  EXPECT_EQ(truncate_runes("ééééé", 4).text, "ééé…");
  EXPECT_EQ(truncate_runes("abcdef", 3).text, "abc");  // no room for the marker
  EXPECT_EQ(truncate_runes(std::string(1100, 'x'), 1024).text, std::string(1023, 'x') + "…");
}

TEST(MailAddress, ParsesListsWithDisplayNames) {
  auto list = parse_address_list(R"(Ops Team <ops@example.com>, dev@example.com, "Doe, Jane" <jane@x.org>)");
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "Ops Team");
  EXPECT_EQ((*list)[0].address, "ops@example.com");
  EXPECT_EQ((*list)[1].name, "");
  EXPECT_EQ((*list)[1].address, "dev@example.com");
  EXPECT_EQ((*list)[2].name, "Doe, Jane");
  EXPECT_EQ((*list)[2].address, "jane@x.org");
}

TEST(MailAddress, RejectsWhatNetMailRejects) {
  for (const char* bad : {"", "no-at-sign", "a@b,", "Name <a@b", "<>", "a..b@c", "x@y z@w"}) {
    auto list = parse_address_list(bad);
    EXPECT_FALSE(list) << bad;
    if (!list) {
      EXPECT_TRUE(list.error().message.starts_with("mail: ")) << list.error().message;
    }
  }
}

TEST(Mime, QuotedPrintable) {
  EXPECT_EQ(quoted_printable("plain text\nnext"), "plain text\r\nnext");
  EXPECT_EQ(quoted_printable("a=b é"), "a=3Db =C3=A9");
  EXPECT_EQ(quoted_printable("trailing \n"), "trailing=20\r\n");
  const std::string wrapped = quoted_printable(std::string(100, 'x'));
  EXPECT_EQ(wrapped, std::string(75, 'x') + "=\r\n" + std::string(25, 'x'));
}

TEST(Mime, QEncodesOnlyWhatNeedsIt) {
  EXPECT_EQ(q_encode_header("[FIRING:1] HighLatency"), "[FIRING:1] HighLatency");
  EXPECT_EQ(q_encode_header("Dépassé"), "=?utf-8?q?D=C3=A9pass=C3=A9?=");
  EXPECT_EQ(q_encode_header("a b_é?"), "=?utf-8?q?a_b=5F=C3=A9=3F?=");
}

TEST(Mime, DateIsRfc1123WithNumericZone) { EXPECT_EQ(rfc1123z_date(at(0)), "Sun, 06 Dec 2026 09:00:00 +0000"); }

}  // namespace
}  // namespace vigil::alerting::notify
