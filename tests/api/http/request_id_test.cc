#include "api/http/request_id.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

HttpRequest with_header(std::string_view name, std::string_view value) {
  HttpRequest req{http::verb::get, "/", 11};
  req.set(name, value);
  return req;
}

TEST(RequestId, PrefersWellFormedClientId) {
  EXPECT_EQ(correlation_id_for(with_header("X-Request-ID", "abc-123_x.y:z")), "abc-123_x.y:z");
}

TEST(RequestId, FallsBackToTraceparentThenGenerates) {
  auto tp = with_header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_EQ(correlation_id_for(tp), "4bf92f3577b34da6a3ce929d0e0e4736");
  auto bad_tp = with_header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01");
  EXPECT_EQ(correlation_id_for(bad_tp).size(), 32u);
  EXPECT_NE(correlation_id_for(bad_tp), "00000000000000000000000000000000");
  HttpRequest none{http::verb::get, "/", 11};
  EXPECT_NE(correlation_id_for(none), correlation_id_for(none));
}

TEST(RequestId, UntrustworthyIdsAreReplaced) {
  for (std::string bad : {std::string("a b"), std::string("x\"y"), std::string(129, 'a'), std::string("<script>")}) {
    auto id = correlation_id_for(with_header("X-Request-ID", bad));
    EXPECT_NE(id, bad);
    EXPECT_EQ(id.size(), 32u);
  }
}

}  // namespace
}  // namespace vigil::api
