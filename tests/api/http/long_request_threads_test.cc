#include "api/http/long_request_threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace vigil::api {
namespace {

TEST(LongRequestThreads, RunsEachOnItsOwnThreadAndJoins) {
  LongRequestThreads threads;
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(threads.run([&] {
      while (!release) std::this_thread::yield();
      ++done;
    }));
  }
  // All three wait at once: none waits for another's thread.
  release = true;
  threads.join();
  EXPECT_EQ(done, 3);
}

TEST(LongRequestThreads, StopIsSeenAndRefusesNewWork) {
  LongRequestThreads threads;
  std::atomic<bool> saw_stop{false};
  ASSERT_TRUE(threads.run([&] {
    while (!threads.stopping()) std::this_thread::yield();
    saw_stop = true;
  }));
  threads.stop();
  threads.join();
  EXPECT_TRUE(saw_stop);
  EXPECT_FALSE(threads.run([] {}));
}

}  // namespace
}  // namespace vigil::api
