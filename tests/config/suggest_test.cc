#include "config/suggest.h"

#include <gtest/gtest.h>

namespace vigil::config {
namespace {

const std::vector<std::string_view> kKeys = {"listen", "threads", "read_timeout", "tls", "log"};

TEST(Suggest, CloseTypos) {
  EXPECT_EQ(closest_name("lisen", kKeys), "listen");
  EXPECT_EQ(closest_name("Listen", kKeys), "listen");
  EXPECT_EQ(closest_name("thraeds", kKeys), "threads");  // a swap counts as one edit
  EXPECT_EQ(closest_name("tsl", kKeys), "tls");
  EXPECT_EQ(closest_name("read_timout", kKeys), "read_timeout");
}

TEST(Suggest, NothingWhenFar) {
  EXPECT_EQ(closest_name("storage", kKeys), std::nullopt);
  EXPECT_EQ(closest_name("x", kKeys), std::nullopt);
  EXPECT_EQ(closest_name("", kKeys), std::nullopt);
  EXPECT_EQ(closest_name(std::string(1000, 'l'), kKeys), std::nullopt);
}

TEST(Suggest, Phrase) {
  EXPECT_EQ(did_you_mean("lisen", kKeys), " (did you mean \"listen\"?)");
  EXPECT_EQ(did_you_mean("storage", kKeys), "");
}

}  // namespace
}  // namespace vigil::config
