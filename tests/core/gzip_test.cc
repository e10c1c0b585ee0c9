#include "core/gzip.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Gzip, RoundTripAndLimits) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "metric_name{label=\"value\"} 42\n";
  auto zipped = gzip_compress(text);
  ASSERT_TRUE(zipped);
  EXPECT_LT(zipped->size(), text.size() / 10);
  EXPECT_EQ(gzip_decompress(*zipped, 1 << 20).value(), text);
  EXPECT_FALSE(gzip_decompress(*zipped, 100));               // expands past the bound
  EXPECT_FALSE(gzip_decompress("not gzip at all", 1 << 20));
  EXPECT_FALSE(gzip_decompress(zipped->substr(0, zipped->size() / 2), 1 << 20));  // truncated
  EXPECT_EQ(gzip_decompress(gzip_compress("").value(), 10).value(), "");
}

}  // namespace
}  // namespace vigil
