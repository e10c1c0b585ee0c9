#include "api/http/router.h"

#include <gtest/gtest.h>

#include "api/http/responses.h"

namespace vigil::api {
namespace {

Handler named(std::string name) {
  return [name](RequestContext&) { return text_response(http::status::ok, name); };
}

TEST(Router, LiteralParameterAndRestSegments) {
  Router router;
  router.add({http::verb::get}, "/metrics", named("metrics"));
  router.add({http::verb::get}, "/api/v1/label/:name/values", named("values"));
  router.add({http::verb::get}, "/static/*file", named("static"));

  auto m = router.match(http::verb::get, "/api/v1/label/job/values");
  ASSERT_EQ(m.kind, Router::Match::Kind::found);
  EXPECT_EQ(m.route->pattern, "/api/v1/label/:name/values");
  EXPECT_EQ(m.params.at("name"), "job");

  auto rest = router.match(http::verb::get, "/static/css/app.css");
  ASSERT_EQ(rest.kind, Router::Match::Kind::found);
  EXPECT_EQ(rest.params.at("file"), "css/app.css");

  EXPECT_EQ(router.match(http::verb::get, "/api/v1/label//values").kind, Router::Match::Kind::not_found);
  EXPECT_EQ(router.match(http::verb::get, "/metrics/").kind, Router::Match::Kind::not_found);
  EXPECT_EQ(router.match(http::verb::get, "/metric").kind, Router::Match::Kind::not_found);
  EXPECT_EQ(router.match(http::verb::get, "/").kind, Router::Match::Kind::not_found);
}

TEST(Router, HeadFollowsGetAndOtherMethodsAre405) {
  Router router;
  router.add({http::verb::get, http::verb::post}, "/api/v1/query", named("q"));
  EXPECT_EQ(router.match(http::verb::head, "/api/v1/query").kind, Router::Match::Kind::found);
  EXPECT_EQ(router.match(http::verb::post, "/api/v1/query").kind, Router::Match::Kind::found);
  auto m = router.match(http::verb::delete_, "/api/v1/query");
  EXPECT_EQ(m.kind, Router::Match::Kind::method_not_allowed);
  EXPECT_EQ(m.allowed, "GET, HEAD, POST");
}

}  // namespace
}  // namespace vigil::api
