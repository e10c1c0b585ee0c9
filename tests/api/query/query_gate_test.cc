#include "api/query/query_gate.h"

#include <gtest/gtest.h>

#include <thread>

namespace vigil::api {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(QueryGate, AdmitsUpToTheLimit) {
  QueryGate gate(2);
  auto a = gate.enter(Clock::now() + 1s, {});
  auto b = gate.enter(Clock::now() + 1s, {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(gate.running(), 2u);
  auto c = gate.enter(Clock::now() + 50ms, {});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), QueryGate::Refusal::deadline_passed);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(QueryGate, WaiterGetsTheFreedSlot) {
  QueryGate gate(1);
  std::optional<QueryGate::Slot> first(*gate.enter(Clock::now() + 1s, {}));
  std::thread release([&] {
    while (gate.waiting() == 0) std::this_thread::sleep_for(1ms);
    first.reset();
  });
  auto second = gate.enter(Clock::now() + 10s, {});
  release.join();
  EXPECT_TRUE(second);
  EXPECT_EQ(gate.running(), 1u);
}

TEST(QueryGate, StopLeavesTheQueue) {
  QueryGate gate(1);
  auto held = gate.enter(Clock::now() + 1s, {});
  std::stop_source stop;
  std::thread cancel([&] {
    while (gate.waiting() == 0) std::this_thread::sleep_for(1ms);
    stop.request_stop();
  });
  auto waiting = gate.enter(Clock::now() + 10s, stop.get_token());
  cancel.join();
  ASSERT_FALSE(waiting);
  EXPECT_EQ(waiting.error(), QueryGate::Refusal::stopped);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(QueryGate, FirstComeFirstServed) {
  QueryGate gate(1);
  std::optional<QueryGate::Slot> held(*gate.enter(Clock::now() + 1s, {}));
  std::vector<int> order;
  std::mutex order_mutex;
  auto waiter = [&](int id) {
    auto slot = gate.enter(Clock::now() + 10s, {});
    std::lock_guard lock(order_mutex);
    order.push_back(id);
  };
  std::thread one(waiter, 1);
  while (gate.waiting() < 1) std::this_thread::sleep_for(1ms);
  std::thread two(waiter, 2);
  while (gate.waiting() < 2) std::this_thread::sleep_for(1ms);
  held.reset();
  one.join();
  two.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace vigil::api
