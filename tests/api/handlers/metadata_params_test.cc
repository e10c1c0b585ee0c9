// The start/end and match[] parameters of the metadata endpoints.

#include "api/handlers/metadata_params.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

RequestContext context_with(const HttpRequest& request, std::multimap<std::string, std::string> query) {
  return RequestContext{request, "/api/v1/series", std::move(query), {}, "", "", {}};
}

TEST(TimeParam, AbsentOrEmptyIsTheFallback) {
  HttpRequest request;
  EXPECT_EQ(time_param(context_with(request, {}), "start", kMinApiTime), kMinApiTime);
  EXPECT_EQ(time_param(context_with(request, {{"end", ""}}), "end", kMaxApiTime), kMaxApiTime);
}

TEST(TimeParam, ReadsSecondsAndRfc3339) {
  HttpRequest request;
  EXPECT_EQ(time_param(context_with(request, {{"start", "1700000000.5"}}), "start", 0), 1'700'000'000'500);
  EXPECT_EQ(time_param(context_with(request, {{"start", "2023-11-14T22:13:20Z"}}), "start", 0), 1'700'000'000'000);
}

TEST(TimeParam, ErrorNamesTheParameterAsPrometheus) {
  HttpRequest request;
  auto time = time_param(context_with(request, {{"end", "x"}}), "end", 0);
  ASSERT_FALSE(time);
  EXPECT_EQ(time.error().message,
            R"(invalid parameter "end": Invalid time value for 'end': cannot parse "x" to a valid timestamp)");
}

TEST(MatchParam, EverySelectorInOrder) {
  HttpRequest request;
  auto sets = match_param(context_with(request, {{"match[]", "up"}, {"match[]", R"({job="a"})"}, {"other", "x"}}));
  ASSERT_TRUE(sets) << sets.error().message;
  ASSERT_EQ(sets->size(), 2u);
  EXPECT_EQ((*sets)[0][0].value(), "up");
  EXPECT_EQ((*sets)[1][0].value(), "a");
  EXPECT_TRUE(match_param(context_with(request, {}))->empty());
}

TEST(MatchParam, RefusesSelectorsMatchingEverything) {
  HttpRequest request;
  for (const char* text : {"{}", R"({a=""})", R"({a=~".*",b!="x"})"}) {
    auto sets = match_param(context_with(request, {{"match[]", "up"}, {"match[]", text}}));
    ASSERT_FALSE(sets) << text;
    EXPECT_EQ(sets.error().message, "match[] must contain at least one non-empty matcher") << text;
  }
}

// Prometheus parses every selector before checking any for emptiness.
TEST(MatchParam, ParseErrorWinsOverEmptySelector) {
  HttpRequest request;
  auto sets = match_param(context_with(request, {{"match[]", "{}"}, {"match[]", "up{"}}));
  ASSERT_FALSE(sets);
  EXPECT_EQ(sets.error().message, "1:4: parse error: unexpected end of input inside braces");
}

}  // namespace
}  // namespace vigil::api
