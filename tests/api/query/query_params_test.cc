// The messages are Prometheus 2.42's, as Debian's prometheus answered each
// request (docs/http-api.md).

#include "api/query/query_params.h"

#include <gtest/gtest.h>

namespace vigil::api {
namespace {

using namespace std::chrono_literals;

struct Request {
  Request(std::initializer_list<std::pair<const std::string, std::string>> query)
      : context{http_request, "/api/v1/query", query, {}, "", "", {}} {}
  HttpRequest http_request;
  RequestContext context;
};

std::string instant_error(std::initializer_list<std::pair<const std::string, std::string>> query) {
  Request r(query);
  auto params = instant_query_params(r.context, 0);
  return params ? "" : params.error().message;
}

std::string range_error(std::initializer_list<std::pair<const std::string, std::string>> query) {
  Request r(query);
  auto params = range_query_params(r.context);
  return params ? "" : params.error().message;
}

TEST(QueryDuration, SecondsOrPrometheusDurations) {
  EXPECT_EQ(parse_query_duration("15").value(), 15s);
  EXPECT_EQ(parse_query_duration("1.5").value(), 1500ms);
  EXPECT_EQ(parse_query_duration("1e1").value(), 10s);
  EXPECT_EQ(parse_query_duration("0.0001").value(), 100us);
  EXPECT_EQ(parse_query_duration("-1").value(), -1s);
  EXPECT_EQ(parse_query_duration("1m30s").value(), 90s);
  EXPECT_EQ(parse_query_duration("1d").value(), 24h);
  EXPECT_EQ(parse_query_duration("0").value(), 0s);
}

TEST(QueryDuration, Refused) {
  EXPECT_EQ(parse_query_duration("").error().message, "cannot parse \"\" to a valid duration");
  EXPECT_EQ(parse_query_duration("abc").error().message, "cannot parse \"abc\" to a valid duration");
  EXPECT_EQ(parse_query_duration("-1s").error().message, "cannot parse \"-1s\" to a valid duration");
  EXPECT_EQ(parse_query_duration("1s1m").error().message, "cannot parse \"1s1m\" to a valid duration");
  EXPECT_EQ(parse_query_duration("1e300").error().message,
            "cannot parse \"1e300\" to a valid duration. It overflows int64");
}

TEST(InstantParams, TimeDefaultsToNow) {
  Request r({{"query", "up"}});
  auto params = instant_query_params(r.context, 1234);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->query, "up");
  EXPECT_EQ(params->time_ms, 1234);
  EXPECT_FALSE(params->timeout);

  Request empty_time({{"query", "up"}, {"time", ""}});
  EXPECT_EQ(instant_query_params(empty_time.context, 99)->time_ms, 99);
}

TEST(InstantParams, TimesAndTimeout) {
  Request r({{"query", "up"}, {"time", "1700000000.5"}, {"timeout", "30s"}});
  auto params = instant_query_params(r.context, 0);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->time_ms, 1'700'000'000'500);
  EXPECT_EQ(params->timeout, 30s);

  Request rfc({{"time", "2023-11-14T22:13:20Z"}});
  EXPECT_EQ(instant_query_params(rfc.context, 0)->time_ms, 1'700'000'000'000);
}

TEST(InstantParams, Refused) {
  EXPECT_EQ(instant_error({{"query", "up"}, {"time", "x"}}),
            "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"x\" to a valid timestamp");
  EXPECT_EQ(instant_error({{"query", "up"}, {"timeout", "abc"}}),
            "invalid parameter \"timeout\": cannot parse \"abc\" to a valid duration");
  EXPECT_EQ(instant_error({{"query", "up"}, {"timeout", "1e300"}}),
            "invalid parameter \"timeout\": cannot parse \"1e300\" to a valid duration. It overflows int64");
}

TEST(RangeParams, Read) {
  Request r({{"query", "up"}, {"start", "10"}, {"end", "70.5"}, {"step", "1m30s"}, {"timeout", "2"}});
  auto params = range_query_params(r.context);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->start_ms, 10'000);
  EXPECT_EQ(params->end_ms, 70'500);
  EXPECT_EQ(params->step_ms, 90'000);
  EXPECT_EQ(params->timeout, 2s);
}

TEST(RangeParams, RefusedInPrometheusOrder) {
  EXPECT_EQ(range_error({{"query", "1"}}), "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
  EXPECT_EQ(range_error({{"start", "10"}, {"end", "x"}, {"step", "1"}}),
            "invalid parameter \"end\": cannot parse \"x\" to a valid timestamp");
  EXPECT_EQ(range_error({{"start", "10"}, {"end", "5"}, {"step", "x"}}),
            "invalid parameter \"end\": end timestamp must not be before start time");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}}),
            "invalid parameter \"step\": cannot parse \"\" to a valid duration");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}, {"step", "abc"}}),
            "invalid parameter \"step\": cannot parse \"abc\" to a valid duration");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}, {"step", "0"}}),
            "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a "
            "positive integer");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}, {"step", "-5"}}),
            "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a "
            "positive integer");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}, {"step", "1"}, {"timeout", "x"}}),
            "invalid parameter \"timeout\": cannot parse \"x\" to a valid duration");
}

TEST(RangeParams, AtMost11000Steps) {
  const std::string too_many =
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)";
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "11000"}, {"step", "1"}}), "");
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "11001"}, {"step", "1"}}), too_many);
  // Counted in nanoseconds: a step below a millisecond is not zero.
  EXPECT_EQ(range_error({{"start", "0"}, {"end", "10"}, {"step", "0.0001"}}), too_many);
  EXPECT_EQ(range_error({{"start", "-9000000000000000"}, {"end", "9000000000000000"}, {"step", "1y"}}), too_many);
  Request same({{"start", "5"}, {"end", "5"}, {"step", "0.0001"}});
  EXPECT_EQ(range_query_params(same.context)->step_ms, 1);
}

}  // namespace
}  // namespace vigil::api
