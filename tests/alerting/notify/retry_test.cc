// Retries: backoff, deadlines, stopping, and which statuses are retried.

#include "alerting/notify/retry.h"

#include <gtest/gtest.h>

#include <thread>

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;

TEST(CheckStatus, ClassifiesAsAlertmanagersRetrier) {
  EXPECT_EQ(check_status(200, "").outcome, Attempt::Outcome::delivered);
  EXPECT_EQ(check_status(204, "").outcome, Attempt::Outcome::delivered);
  EXPECT_EQ(check_status(500, "").outcome, Attempt::Outcome::retry);
  EXPECT_EQ(check_status(503, "").outcome, Attempt::Outcome::retry);
  EXPECT_EQ(check_status(429, "").outcome, Attempt::Outcome::retry);
  EXPECT_EQ(check_status(400, "").outcome, Attempt::Outcome::give_up);
  EXPECT_EQ(check_status(404, "").outcome, Attempt::Outcome::give_up);
  EXPECT_EQ(check_status(302, "").outcome, Attempt::Outcome::give_up);
  const long forbidden[] = {403};
  EXPECT_EQ(check_status(403, "", forbidden).outcome, Attempt::Outcome::retry);
  EXPECT_EQ(check_status(400, "invalid_payload").error, "unexpected status code 400: invalid_payload");
  EXPECT_EQ(check_status(500, "").error, "unexpected status code 500");
}

TEST(Deliver, BacksOffBetweenAttempts) {
  std::vector<std::chrono::steady_clock::time_point> times;
  const Backoff fast{.initial = 100ms, .multiplier = 2, .jitter = 0, .max = 250ms};
  const Delivery d = deliver(
      [&](Deadline) {
        times.push_back(std::chrono::steady_clock::now());
        return times.size() < 4 ? Attempt::retry("not yet") : Attempt::delivered();
      },
      std::chrono::steady_clock::now() + 10s, {}, fast);
  EXPECT_TRUE(d.delivered);
  EXPECT_EQ(d.attempts, 4);
  ASSERT_EQ(times.size(), 4u);
  EXPECT_GE(times[1] - times[0], 100ms);
  EXPECT_GE(times[2] - times[1], 200ms);
  EXPECT_GE(times[3] - times[2], 250ms);  // capped, not 400 ms
  EXPECT_LT(times[3] - times[2], 390ms);
}

TEST(Deliver, NeverWaitsPastTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  const Delivery d =
      deliver([](Deadline) { return Attempt::retry("down"); }, start + 700ms, {}, {.initial = 5s, .jitter = 0});
  EXPECT_FALSE(d.delivered);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error, "down");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1200ms);
}

TEST(Deliver, GivesUpAtOnceOnAPermanentFailure) {
  const Delivery d =
      deliver([](Deadline) { return Attempt::give_up("bad request"); }, std::chrono::steady_clock::now() + 10s, {});
  EXPECT_FALSE(d.delivered);
  EXPECT_EQ(d.attempts, 1);
}

TEST(Deliver, StopsWhileWaiting) {
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  const Delivery d =
      deliver([](Deadline) { return Attempt::retry("down"); }, start + 60s, stop.get_token(), {.initial = 30s});
  EXPECT_FALSE(d.delivered);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(Deliver, NothingAfterTheDeadlineOrAStop) {
  std::stop_source stopped;
  stopped.request_stop();
  EXPECT_EQ(
      deliver([](Deadline) { return Attempt::delivered(); }, std::chrono::steady_clock::now() + 1s, stopped.get_token())
          .attempts,
      0);
  const Delivery late =
      deliver([](Deadline) { return Attempt::delivered(); }, std::chrono::steady_clock::now() - 1s, {});
  EXPECT_EQ(late.attempts, 0);
  EXPECT_EQ(late.last_error, "deadline passed before the first attempt");
}

}  // namespace
}  // namespace vigil::alerting::notify
