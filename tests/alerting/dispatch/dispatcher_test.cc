#include "alerting/dispatch/dispatcher.h"

#include <chrono>
#include <condition_variable>
#include <thread>

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

using namespace std::chrono_literals;

// Records each notification; fails the first `failures` attempts, or
// hangs until stopped.
class RecordingNotifier final : public notify::Notifier {
 public:
  RecordingNotifier(int failures, Duration hang) : failures_(failures), hang_(hang) {}
  notify::Attempt send(const notify::Notification& notification, notify::Deadline,
                       const std::stop_token& stop) override {
    if (hang_ > Duration{0}) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait_for(lock, stop, hang_, [] { return false; });
    }
    std::lock_guard lock(mu_);
    if (failures_ > 0) {
      --failures_;
      return notify::Attempt::give_up("refused");
    }
    sent_.push_back(notification);
    return notify::Attempt::delivered();
  }
  std::vector<notify::Notification> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

 private:
  int failures_;
  Duration hang_;
  mutable std::mutex mu_;
  std::vector<notify::Notification> sent_;
};

struct Recording {
  std::shared_ptr<const notify::Integration> integration;
  RecordingNotifier* notifier;
};

Recording recording(bool send_resolved = true, int failures = 0, Duration hang = Duration{0}) {
  auto notifier = std::make_unique<RecordingNotifier>(failures, hang);
  RecordingNotifier* raw = notifier.get();
  return {std::make_shared<const notify::Integration>("webhook", 0, send_resolved, std::move(notifier)), raw};
}

TimePoint now() { return std::chrono::time_point_cast<TimePoint::duration>(std::chrono::system_clock::now()); }

Alert alert(Labels labels, TimePoint starts, TimePoint ends = {}) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at = starts;
  a.ends_at = ends;
  a.updated_at = now();
  return a;
}

std::string alertnames(const notify::Notification& n) {
  std::string out;
  for (const auto& a : n.alerts) {
    if (!out.empty()) out += ',';
    out += label_value(a.labels, "alertname");
    if (!a.firing()) out += "(resolved)";
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
  void start(const std::string& yaml, std::map<std::string, Recording> receivers, SilenceCheck silenced = {}) {
    auto config = parse_alerting_config(yaml, "am.yml");
    ASSERT_TRUE(config) << config.error().message;
    auto setup = std::make_shared<AlertingSetup>();
    setup->route = Route::build(config->route);
    setup->inhibitor = Inhibitor(config->inhibit_rules);
    for (auto& [name, r] : receivers) setup->integrations[name] = {r.integration};
    setup->config = std::move(*config);
    receivers_ = std::move(receivers);
    store_.set_listener([this](const Alert& a) {
      if (dispatcher_) dispatcher_->add(a);
    });
    dispatcher_ = std::make_unique<Dispatcher>(setup, store_, log_, std::move(silenced),
                                               log::Logger("test", nullptr, log::Level::error, nullptr));
  }
  void TearDown() override { dispatcher_.reset(); }

  RecordingNotifier& receiver(const std::string& name) { return *receivers_.at(name).notifier; }

  AlertStore store_;
  NotificationLog log_;
  std::map<std::string, Recording> receivers_;
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
  start(kSimple, {{"team", recording()}});
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
  start(kSimple, {{"team", recording()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t - 1h)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }, 150ms));
  store_.put({alert({{"alertname", "A"}}, t - 1h, now())}, now());
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 2; }));
  EXPECT_EQ(alertnames(receiver("team").sent()[1]), "A(resolved)");
  ASSERT_TRUE(eventually([&] { return dispatcher_->groups().empty(); }));
}

TEST_F(DispatcherTest, WithoutSendResolvedOnlyFiringAlertsAreSent) {
  start(kSimple, {{"team", recording(/*send_resolved=*/false)}});
  const TimePoint t = now();
  // New alerts: the group waits group_wait, so both are in its first
  // notification. (Old ones flush at once, and under load the first flush
  // could see i=1 alone; i=2 then fires a second notification.)
  store_.put({alert({{"alertname", "A"}, {"i", "1"}}, t), alert({{"alertname", "A"}, {"i", "2"}}, t)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  ASSERT_EQ(receiver("team").sent()[0].alerts.size(), 2U);
  store_.put({alert({{"alertname", "A"}, {"i", "1"}}, t, now())}, now());
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
        {{"default", recording()}, {"a", recording()}, {"b", recording()}}, [](const Labels& labels, TimePoint) {
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
  start(kSimple, {{"team", recording(true, /*failures=*/1)}});
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
        {{"slow", recording(true, 0, Duration(1h))}, {"fast", recording()}});
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
        {{"team", recording()}, {"manager", recording()}});
  const TimePoint t = now();
  store_.put({alert({{"alertname", "A"}}, t)}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  EXPECT_TRUE(receiver("manager").sent().empty());
  ASSERT_TRUE(eventually([&] { return receiver("manager").sent().size() == 1; }, 2s));
  EXPECT_GE(now() - t, 600ms);
  EXPECT_EQ(receiver("manager").sent()[0].receiver, "manager");
}

TEST_F(DispatcherTest, TheNotificationLogKeepsARestartFromRepeatingANotification) {
  start(kSimple, {{"team", recording()}});
  const TimePoint t = now();
  const Alert a = alert({{"alertname", "A"}}, t - 1h);
  store_.put({a}, t);
  ASSERT_TRUE(eventually([&] { return receiver("team").sent().size() == 1; }));
  // A new dispatcher (a restart, with the log kept) gets the alert again.
  dispatcher_.reset();
  start(kSimple, {{"team", recording()}});
  store_.put({a}, now());
  std::this_thread::sleep_for(600ms);
  EXPECT_TRUE(receiver("team").sent().empty());
}

}  // namespace
}  // namespace vigil::alerting
