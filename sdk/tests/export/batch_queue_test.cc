#include "export/otlp/batch_queue.h"

#include <gtest/gtest.h>

namespace vigil::exporter::otlp {
namespace {

TEST(BatchQueueTest, TheOldestMakesRoom) {
  BatchQueue queue(2);
  EXPECT_EQ(queue.push("a"), 0u);
  EXPECT_EQ(queue.push("b"), 0u);
  EXPECT_EQ(queue.push("c"), 1u);
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(*queue.front().body, "b");
}

TEST(BatchQueueTest, PopsOnlyTheBatchItWasAskedFor) {
  BatchQueue queue(1);
  queue.push("a");
  const uint64_t sent = queue.front().id;
  queue.push("b");  // pushes "a" out while it is being sent
  queue.pop(sent);
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(*queue.front().body, "b");
  queue.pop(queue.front().id);
  EXPECT_TRUE(queue.empty());
  queue.push("c");
  EXPECT_EQ(queue.clear(), 1u);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace vigil::exporter::otlp
