// storageRetention as Prometheus 2.42 prints it; "1d12h or 1GiB512MiB" was
// seen from `prometheus --storage.tsdb.retention.time=36h
// --storage.tsdb.retention.size=1536MB`.

#include "api/handlers/runtime_info_routes.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(RetentionText, TimeSizeAndBoth) {
  EXPECT_EQ(retention_text(15LL * 24 * 3600 * 1000, 0), "15d");
  EXPECT_EQ(retention_text(36LL * 3600 * 1000, 1536ULL << 20), "1d12h or 1GiB512MiB");
  EXPECT_EQ(retention_text(0, 512ULL << 20), "512MiB");
  EXPECT_EQ(retention_text(0, 100), "100B");
  EXPECT_EQ(retention_text(0, 0), "");
}

}  // namespace
}  // namespace vigil::api
