#include "api/http/listen_address.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

TEST(ListenAddress, HostPortForms) {
  auto v4 = parse_listen_address("127.0.0.1:9400");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9400);
  auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(parse_listen_address("localhost:80").value().host, "localhost");
}

TEST(ListenAddress, Rejects) {
  for (const char* bad : {"", "9400", ":9400", "host:", "host:65536", "host:-1", "host:80x", "[]:80"}) {
    auto r = parse_listen_address(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_NE(parse_listen_address(":1").error().message.find("missing host"), std::string::npos);
}

}  // namespace
}  // namespace vigil::api
