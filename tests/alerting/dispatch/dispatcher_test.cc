#include "alerting/dispatch/dispatcher.h"

#include <chrono>
#include <condition_variable>
#include <thread>

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

using namespace std::chrono_literals;

// Records each notification; fails the first `failures` attempts.
class RecordingIntegration final : public Integration {
 public:
  explicit RecordingIntegration(bool send_resolved = true, int failures = 0, Duration hang = Duration{0})
      : send_resolved_(send_resolved), failures_(failures), hang_(hang) {}
  const std::string& name() const override { return name_; }
  int index() const override { return 0; }
  bool send_resolved() const override { return send_resolved_; }
  Result<void> notify(const GroupNotification& notification, TimePoint, const std::stop_token& stop) override {
    if (hang_ > Duration{0}) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait_for(lock, stop, hang_, [] { return false; });
    }
    std::lock_guard lock(mu_);
    if (failures_ > 0) {
      --failures_;
      return std::unexpected(make_error(ErrorKind::unavailable, "refused"));
    }
    sent_.push_back(notification);
    return {};
  }
  std::vector<GroupNotification> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  std::string name_ = "test";
  bool send_resolved_;
  int failures_;
  Duration hang_;
  mutable std::mutex mu_;
  std::vector<GroupNotification> sent_;
};

TimePoint now() { return std::chrono::time_point_cast<TimePoint::duration>(std::chrono::system_clock::now()); }

Alert alert(Labels labels, TimePoint starts, TimePoint ends = {}) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at = starts;
  a.ends_at = ends;
  a.updated_at = now();
  return a;
}

std::string alertnames(const GroupNotification& n) {
  std::string out;
  for (const auto& a : n.alerts) {
    if (!out.empty()) out += ',';
    out += label_value(a.labels, "alertname");
    if (a.resolved_at(n.now)) out += "(resolved)";
  }
  return out;
}

template <class Predicate>
bool eventually(Predicate predicate, Duration timeout = 5s) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (predicate()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return predicate();
}

class DispatcherTest : public ::testing::Test {
 protected:
  // Builds the setup of `yaml`, with recording integrations for `receivers`.
  void start(const std::string& yaml, std::map<std::string, std::shared_ptr<RecordingIntegration>> receivers,
             SilenceCheck silenced = {}) {
    auto config = parse_alerting_config(yaml, "am.yml");
    ASSERT_TRUE(config) << config.error().message;
    auto setup = std::make_shared<AlertingSetup>();
    setup->route = Route::build(config->route);
    setup->inhibitor = Inhibitor(config->inhibit_rules);
    for (auto& [name, integration] : receivers) setup->integrations[name] = {integration};
    setup->config = std::move(*config);
    receivers_ = std::move(receivers);
    store_.set_listener([this](const Alert& a) {
      if (dispatcher_) dispatcher_->add(a);
    });
    dispatcher_ = std::make_unique<Dispatcher>(setup, store_, log_, std::move(silenced),
                                               log::Logger("test", nullptr, log::Level::error, nullptr));
  }
  void TearDown() override { dispatcher_.reset(); }

  RecordingIntegration& receiver(const std::string& name) { return *receivers_.at(name); }

  AlertStore store_;
  NotificationLog log_;
  std::map<std::string, std::shared_ptr<RecordingIntegration>> receivers_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

const char* kSimple = R"(
route:
  receiver: team
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 400ms
  repeat_interval: 1h
receivers:
  - name: team
)";

TEST_F(DispatcherTest, AGroupWaitsThenSendsItsAlertsTogether) {
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}, {"i", "1"}}, t)}, t);
  std::this_thread::sleep_for(50ms);
  store_.put({alert({{"alertname", "A"}, {"i", "2"}}, t)}, t);
  EXPECT_TRUE(receiver("team").sent().empty());
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  const auto sent = receiver("team").sent()[0];
  EXPECT_EQ(sent.alerts.size(), 2U);
  EXPECT_EQ(sent.group_key, R"({}:{alertname="A"})");
  EXPECT_EQ(sent.group_labels, (Labels{{"alertname", "A"}}));
  // Nothing changed: no repeat before repeat_interval.
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(receiver("team").sent().size(), 1U);
}

TEST_F(DispatcherTest, AnOldAlertIsNotHeldForGroupWaitAndResolvedOnesAreSentThenForgotten) {
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t - 1h)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }, 150ms));
  store_.put({alert({{"alertname", "A"}}, t - 1h, now())}, now());
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 2; }));
  EXPECT_EQ(alertnames(receiver("team").sent()[1]), "A(resolved)");
  ASSERT_TRUE(eventually([&] { return dispatcher_->groups().empty(); }));
}

TEST_F(DispatcherTest, WithoutSendResolvedOnlyFiringAlertsAreSent) {
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>(/*send_resolved=*/false)}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}, {"i", "1"}}, t - 1h), alert({{"alertname", "A"}, {"i", "2"}}, t - 1h)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  store_.put({alert({{"alertname", "A"}, {"i", "1"}}, t - 1h, now())}, now());
  std::this_thread::sleep_for(1s);
  // i=1 resolving changes nothing a receiver without send_resolved hears of.
  EXPECT_EQ(receiver("team").sent().size(), 1U);
}

TEST_F(DispatcherTest, ContinueSendsToSeveralReceiversAndInhibitedOrSilencedAlertsAreNot) {
  start(R"(
route:
  receiver: default
  group_by: [alertname]
  group_wait: 100ms
  group_interval: 300ms
  routes:
    - matchers: [team="a"]
      receiver: a
      continue: true
    - matchers: [team=~"a|b"]
      receiver: b
inhibit_rules:
  - source_matchers: [alertname="Outage"]
    target_matchers: [severity="warning"]
    equal: [team]
receivers: [{name: default}, {name: a}, {name: b}]
)",
        {{"default", std::make_shared<RecordingIntegration>()},
         {"a", std::make_shared<RecordingIntegration>()},
         {"b", std::make_shared<RecordingIntegration>()}},
        [](const Labels& labels, TimePoint) {
          return label_value(labels, "alertname") == "Silenced" ? std::vector<std::string>{"s1"}
                                                                : std::vector<std::string>{};
        });
  const TimePoint t = now();
  store_.put({alert({{"alertname", "X"}, {"team", "a"}}, t), alert({{"alertname", "Outage"}, {"team", "b"}}, t),
              alert({{"alertname", "Slow"}, {"team", "b"}, {"severity", "warning"}}, t),
              alert({{"alertname", "Silenced"}, {"team", "b"}}, t)},
             t);
  ASSERT_TRUE(eventually([&] { return receiver("a").sent().size() == 1 && receiver("b").sent().size() == 2; }));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(alertnames(receiver("a").sent()[0]), "X");
  std::set<std::string> to_b;
  for (const auto& n : receiver("b").sent()) to_b.insert(alertnames(n));
  EXPECT_EQ(to_b, (std::set<std::string>{"X", "Outage"}));
  EXPECT_TRUE(receiver("default").sent().empty());
}

TEST_F(DispatcherTest, AFailedNotificationIsRetriedAtTheNextFlush) {
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>(true, /*failures=*/1)}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
}

TEST_F(DispatcherTest, AHangingReceiverDoesNotDelayAnother) {
  start(R"(
route:
  receiver: slow
  group_by: [alertname]
  group_wait: 50ms
  routes:
    - matchers: [to="fast"]
      receiver: fast
receivers: [{name: slow}, {name: fast}]
)",
        {{"slow", std::make_shared<RecordingIntegration>(true, 0, Duration(1h))},
         {"fast", std::make_shared<RecordingIntegration>()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t), alert({{"alertname", "B"}}, t), alert({{"alertname", "C"}}, t)}, t);
  std::this_thread::sleep_for(100ms);
  store_.put({alert({{"alertname", "D"}, {"to", "fast"}}, now())}, now());
  ASSERT_TRUE(eventually([&] { return receiver("fast").sent().size() == 1; }, 1s));
}

TEST_F(DispatcherTest, EscalationNotifiesTheSecondReceiverOnceTheAlertHasFiredLongEnough) {
  start(R"(
route:
  receiver: team
  group_by: [alertname]
  group_wait: 50ms
  group_interval: 1h
  escalate: {after: 600ms, receiver: manager}
receivers: [{name: team}, {name: manager}]
)",
        {{"team", std::make_shared<RecordingIntegration>()}, {"manager", std::make_shared<RecordingIntegration>()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  EXPECT_TRUE(receiver("manager").sent().empty());
  ASSERT_TRUE(eventually([&] { return receiver("manager").sent().size() == 1; }, 2s));
  EXPECT_GE(receiver("manager").sent()[0].now - t, 600ms);
  EXPECT_EQ(receiver("manager").sent()[0].receiver, "manager");
}

TEST_F(DispatcherTest, TheNotificationLogKeepsARestartFromRepeatingANotification) {
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>()}});
  const TimePoint t = now();
  const Alert a = alert({{"alertname", "A"}}, t - 1h);
  store_.put({a}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  // A new dispatcher (a restart, with the log kept) gets the alert again.
  dispatcher_.reset();
  start(kSimple, {{"team", std::make_shared<RecordingIntegration>()}});
  store_.put({a}, now());
  std::this_thread::sleep_for(600ms);
  EXPECT_TRUE(receiver("team").sent().empty());
}

}  // namespace
}  // namespace vigil::alerting
