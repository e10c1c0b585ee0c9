// The v2 silence API against answers recorded from the real
// prometheus-alertmanager 0.25 (Debian's) on 127.0.0.1: bodies byte for byte,
// status codes, and error texts.

#include "api/handlers/alertmanager_silence_routes.h"

#include <gtest/gtest.h>

#include "api/http/request_pipeline.h"

namespace vigil::api {
namespace {

using namespace std::chrono_literals;

const alerting::TimePoint kNow = std::chrono::sys_days{std::chrono::year(2026) / 12 / 6} + 9h + 16min + 2925ms;

class SilenceRoutes : public ::testing::Test {
 protected:
  SilenceRoutes() {
    alerting::SilencesOptions options;
    options.clock = [this] { return now; };
    silences = std::move(*alerting::Silences::open(options));
    add_alertmanager_silence_routes(router, *silences);
  }

  HttpResponse send(http::verb method, std::string target, std::string body = "",
                    std::string content_type = "application/json") {
    HttpRequest request{method, target, 11};
    if (!content_type.empty()) request.set(http::field::content_type, content_type);
    request.body() = std::move(body);
    request.prepare_payload();
    return pipeline.handle(request, "127.0.0.1:1");
  }
  HttpResponse post(std::string body) { return send(http::verb::post, "/api/v2/silences", std::move(body)); }
  std::string created_id(std::string body) {
    auto res = post(std::move(body));
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    const std::string prefix = R"({"silenceID":")";
    EXPECT_TRUE(res.body().starts_with(prefix)) << res.body();
    return res.body().substr(prefix.size(), 36);
  }

  alerting::TimePoint now = kNow;
  std::unique_ptr<alerting::Silences> silences;
  Router router;
  metrics::Registry registry;
  HttpMetrics metrics{registry};
  log::Logger logger{"http", std::make_shared<log::MemorySink>(), log::Level::error, std::make_shared<log::Redactor>()};
  RequestPipeline pipeline{router, std::move(Authenticator::create({}).value()), metrics, logger, false};
};

std::string body_with(std::string_view fields) {
  std::string body = R"({"matchers":[{"name":"alertname","value":"A","isRegex":false}],)";
  body += fields;
  body += '}';
  return body;
}

constexpr const char* kTimes = R"("startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z",)";

TEST_F(SilenceRoutes, CreateGetAndListAsAlertmanagerWritesThem) {
  const std::string id = created_id(body_with(std::string(kTimes) + R"("createdBy":"me","comment":"c")"));
  auto res = send(http::verb::get, "/api/v2/silences");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "application/json");
  const std::string silence = R"({"id":")" + id +
                              R"(","status":{"state":"active"},"updatedAt":"2026-12-06T09:16:02.925Z",)"
                              R"("comment":"c","createdBy":"me","endsAt":"2030-01-01T00:00:00.000Z",)"
                              R"("matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"A"}],)"
                              R"("startsAt":"2026-12-06T09:16:02.925Z"})";
  EXPECT_EQ(res.body(), "[" + silence + "]\n");
  res = send(http::verb::get, "/api/v2/silence/" + id);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), silence + "\n");
}

TEST_F(SilenceRoutes, MatcherKindsAndEscaping) {
  const std::string id =
      created_id(R"({"matchers":[{"name":"a","value":"x","isRegex":false,"isEqual":false},)"
                 R"({"name":"b","value":"y","isRegex":true,"isEqual":true}],"startsAt":"2027-01-01T00:00:00Z",)"
                 R"("endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"<c>&"})");
  auto res = send(http::verb::get, "/api/v2/silence/" + id);
  EXPECT_EQ(res.body(), R"({"id":")" + id +
                            R"(","status":{"state":"pending"},"updatedAt":"2026-12-06T09:16:02.925Z",)"
                            R"("comment":"\u003cc\u003e\u0026","createdBy":"me","endsAt":"2030-01-01T00:00:00.000Z",)"
                            R"("matchers":[{"isEqual":false,"isRegex":false,"name":"a","value":"x"},)"
                            R"({"isEqual":true,"isRegex":true,"name":"b","value":"y"}],)"
                            R"("startsAt":"2027-01-01T00:00:00.000Z"})"
                            "\n");
}

struct Refusal {
  std::string body;
  http::status status;
  std::string answer;
};

TEST_F(SilenceRoutes, RefusalsAreAlertmanagers) {
  std::vector<Refusal> cases = {
      {R"({"matchers":[],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":612,"message":"matchers in body should have at least 1 items"})"},
      {R"({"matchers":[{"name":"a","value":"","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request, "\"silence invalid: at least one matcher must not match the empty string\"\n"},
      {R"({"matchers":[{"name":"a","value":"(","isRegex":true}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       "\"silence invalid: invalid label matcher 0: invalid regular expression \\\"(\\\": error parsing regexp: "
       "missing closing ): `(`\"\n"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2030-01-01T00:00:00Z","endsAt":"2029-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request, "\"Failed to create silence: start time must be before end time\"\n"},
      {R"({"matchers":[{"name":"a","value":"","isRegex":false}],"startsAt":"2020-01-01T00:00:00Z","endsAt":"2021-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request, "\"Failed to create silence: end time can't be in the past\"\n"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":602,"message":"createdBy in body is required"})"},
      {R"({"startsAt":"2026-01-01T00:00:00Z"})", http::status::unprocessable_entity,
       R"({"code":602,"message":"comment in body is required"})"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":602,"message":"startsAt in body is required"})"},
      {R"({"matchers":[{"name":"a","value":"x"}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":602,"message":"matchers.0.isRegex in body is required"})"},
      {R"({"matchers":[{"name":"a","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":602,"message":"matchers.0.value in body is required"})"},
      {R"({"matchers":null,"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::unprocessable_entity, R"({"code":602,"message":"matchers in body is required"})"},
      {"", http::status::unprocessable_entity, R"({"code":602,"message":"silence in body is required"})"},
      {R"({"matchers":[{"name":"a b","value":"x","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request, "\"silence invalid: invalid label matcher 0: invalid label name \\\"a b\\\"\"\n"},
      {R"({"id":"00000000-0000-4000-8000-000000000000","matchers":[{"name":"a","value":"","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::not_found, "\"silence not found\"\n"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":"no"}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal string into Go struct field Matcher.matchers.isRegex of type bool"})"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-01-01T00:00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":5})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field Silence.comment of type string"})"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-01-01T00:00Z","endsAt":5,"createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field Silence.endsAt of type string"})"},
      {R"({"matchers":{},"startsAt":"2026-01-01T00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal object into Go struct field Silence.matchers of type models.Matchers"})"},
      {R"({"id":5,"matchers":[],"startsAt":"2026-01-01T00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field .id of type string"})"},
      {R"({"matchers":[5],"startsAt":"2026-01-01T00:00Z","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field Silence.matchers of type models.Matcher"})"},
      {"[]", http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal array into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"})"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"bad","endsAt":"2030-01-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because parsing time \"bad\" as \"2006-01-02 15:04:05\": cannot parse \"bad\" as \"2006\""})"},
      {R"({"matchers":[{"name":"a","value":"x","isRegex":false}],"startsAt":"2026-01-01T00:00Z","endsAt":"2030-13-01T00:00:00Z","createdBy":"me","comment":"c"})",
       http::status::bad_request,
       R"({"code":400,"message":"parsing silence body from \"\" failed, because parsing time \"2030-13-01T00:00:00Z\": month out of range"})"},
  };
  const std::string prefix = R"({"code":400,"message":"parsing silence body from \"\" failed, because )";
  for (
      auto [body, reason] : std::vector<std::pair<std::string, std::string>>{
          {"xx", "invalid character 'x' looking for beginning of value"},
          {R"({"a" 1})", "invalid character '1' after object key"},
          {"  {\"a\":", "unexpected EOF"},
          {"{\"comment\":\"a\tb\"}", R"(invalid character '\\t' in string literal)"},
          {"\"str\"",
           R"(json: cannot unmarshal string into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" })"},
          {R"({"comment":"c","comment":5})",
           "json: cannot unmarshal number into Go struct field Silence.comment of type string"}}) {
    cases.push_back({body, http::status::bad_request, prefix + reason + "\"}"});
  }
  for (const Refusal& c : cases) {
    auto res = post(c.body);
    EXPECT_EQ(res.result(), c.status) << c.body;
    EXPECT_EQ(res.body(), c.answer) << c.body;
  }
  EXPECT_EQ(silences->version(), 0u);
}

TEST_F(SilenceRoutes, LenientWhereAlertmanagerIsLenient) {
  // Keys match regardless of case, unknown ones are ignored, empty texts
  // pass, and every strfmt layout is read.
  EXPECT_EQ(post(R"({"Matchers":[{"Name":"a","value":"x","isregex":false}],"startsAt":"2026-01-01T00:00:00Z",)"
                 R"("endsAt":"2030-01-01T00:00:00Z","createdBy":"","comment":"","extra":1})")
                .result(),
            http::status::ok);
  // What follows the JSON value is not read; invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(post(body_with(std::string(kTimes) + R"("createdBy":"me","comment":"c"} x)")).result(), http::status::ok);
  const std::string odd = created_id(R"({"matchers":[{"name":"a","value":")" + std::string("\xff") +
                                     R"(","isRegex":false}],)" + kTimes + R"("createdBy":"me","comment":"c"})");
  EXPECT_NE(send(http::verb::get, "/api/v2/silence/" + odd).body().find("\"value\":\"\xEF\xBF\xBD\""),
            std::string::npos);
  const std::string id =
      created_id(body_with(R"("startsAt":"2027-01-01T02:00:00.123456789+02:00","endsAt":"2030-01-01 00:00:00",)"
                           R"("createdBy":"me","comment":"c")"));
  const std::string got = send(http::verb::get, "/api/v2/silence/" + id).body();
  EXPECT_NE(got.find(R"("startsAt":"2027-01-01T00:00:00.123Z")"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("endsAt":"2030-01-01T00:00:00.000Z")"), std::string::npos) << got;
}

TEST_F(SilenceRoutes, ContentTypeMustBeJson) {
  auto res = send(http::verb::post, "/api/v2/silences", "{}", "text/plain");
  EXPECT_EQ(res.result(), http::status::unsupported_media_type);
  EXPECT_EQ(res.body(),
            R"({"code":415,"message":"unsupported media type \"text/plain\", only [application/json] are allowed"})");
  res = send(http::verb::post, "/api/v2/silences", "{}", "");
  EXPECT_EQ(
      res.body(),
      R"({"code":415,"message":"unsupported media type \"application/octet-stream\", only [application/json] are allowed"})");
  res = send(http::verb::post, "/api/v2/silences", "{}", "application/json; charset=utf-8");
  EXPECT_EQ(res.result(), http::status::unprocessable_entity);
}

TEST_F(SilenceRoutes, UnknownAndMalformedIds) {
  auto res = send(http::verb::get, "/api/v2/silence/nope");
  EXPECT_EQ(res.result(), http::status::unprocessable_entity);
  EXPECT_EQ(res.body(), R"({"code":601,"message":"silenceID in path must be of type uuid: \"nope\""})");
  res = send(http::verb::delete_, "/api/v2/silence/nope");
  EXPECT_EQ(res.result(), http::status::unprocessable_entity);
  res = send(http::verb::get, "/api/v2/silence/ea1148aa-5765-41ed-a0c0-e10b742964b4");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(res.body(), "");
  res = send(http::verb::delete_, "/api/v2/silence/ea1148aa-5765-41ed-a0c0-e10b742964b4");
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_EQ(res.body(), "\"silence not found\"\n");
}

TEST_F(SilenceRoutes, UpdateExpireAndFilter) {
  const std::string id = created_id(body_with(std::string(kTimes) + R"("createdBy":"me","comment":"c")"));
  now += 1min;
  // Same start (to the second): updated in place.
  EXPECT_EQ(
      created_id(
          R"({"id":")" + id +
          R"(","matchers":[{"name":"alertname","value":"A","isRegex":false}],)"
          R"("startsAt":"2026-12-06T09:16:02.925Z","endsAt":"2031-01-01T00:00:00Z","createdBy":"you","comment":"d"})"),
      id);
  // A different start: the old one is expired, a new one made.
  const std::string other =
      created_id(R"({"id":")" + id + R"(","matchers":[{"name":"alertname","value":"A","isRegex":false}],)" + kTimes +
                 R"("createdBy":"you","comment":"d"})");
  EXPECT_NE(other, id);
  now += 1s;
  auto res = send(http::verb::get, "/api/v2/silence/" + id);
  EXPECT_NE(res.body().find(R"("status":{"state":"expired"})"), std::string::npos);
  EXPECT_NE(res.body().find(R"("endsAt":"2026-12-06T09:17:02.925Z")"), std::string::npos) << res.body();
  res = send(http::verb::delete_, "/api/v2/silence/" + other);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "");
  EXPECT_EQ(send(http::verb::delete_, "/api/v2/silence/" + other).result(), http::status::ok);

  created_id(R"({"matchers":[{"name":"job","value":"y","isRegex":true}],)" + std::string(kTimes) +
             R"("createdBy":"me","comment":"c"})");
  res = send(http::verb::get, "/api/v2/silences?filter=job%3D~%22y%22");
  EXPECT_NE(res.body().find(R"("name":"job")"), std::string::npos);
  EXPECT_EQ(res.body().find(R"("name":"alertname")"), std::string::npos);
  EXPECT_EQ(send(http::verb::get, "/api/v2/silences?filter=job%3D%22y%22").body(), "[]\n");
  res = send(http::verb::get, "/api/v2/silences?filter=job%3D%22y");
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(res.body(), "\"matcher value contains unescaped double quote: \\\"y\"\n");
  res = send(http::verb::get, "/api/v2/silences?filter=%7Bjob%3D%22y%22%7D");
  EXPECT_EQ(res.body(), "\"bad matcher format: {job=\\\"y\\\"}\"\n");
}

}  // namespace
}  // namespace vigil::api
