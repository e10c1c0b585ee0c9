#include "core/base64.h"

#include <gtest/gtest.h>

namespace vigil {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded).value(), plain);
  }
}

TEST(Base64, RejectsMalformed) {
  // "Zm9=" and "Zh==" carry non-zero padding bits (found by fuzz_value_parsers).
  for (const char* bad : {"Zg=", "Z===", "Zg==Zg==", "Zm9v!", "=Zm9", "Zm=v", "Zm9=", "Zh=="}) {
    EXPECT_FALSE(base64_decode(bad).has_value()) << bad;
  }
}

TEST(Base64, BinaryRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(base64_decode(base64_encode(all)).value(), all);
}

}  // namespace
}  // namespace vigil
