// Rule evaluation in the real binary: /api/v1/rules and /api/v1/alerts,
// the series rules write, and reloads that keep alert state or refuse a bad
// file. When Debian's Prometheus is installed, it evaluates the same rule
// file and its answers must be the same but for times.

#include <chrono>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using ::testing::HasSubstr;

const char* kRules = R"yaml(groups:
  - name: compare
    interval: 1s
    rules:
      - record: answer:sum
        expr: sum(vector(42))
        labels: {team: a}
      - alert: Firing
        expr: vector(1e6) > 0
        keep_firing_for: 1m
        labels: {severity: page, v: "{{ $value }}"}
        annotations:
          runbook: "http://x/<y>&z"
          summary: "value {{ $value }} {{ humanize $value }} {{ $labels.missing }}|"
          bad: '{{ humanize "x" }}'
          q: '{{ with query "vector(7)" }}{{ . | first | value }}{{ end }}' 
      - alert: Pending
        expr: vector(1)
        for: 1h
      - alert: Never
        expr: vector(1) < 0
  - name: second
    limit: 3
    rules:
      - record: clash
        expr: label_replace(vector(1), "a", "1", "", "") or label_replace(vector(2), "a", "2", "", "")
        labels: {a: same}
)yaml";

// Times and durations differ from run to run; everything else must not.
std::string without_times(std::string json) {
  json = std::regex_replace(json, std::regex(R"re("evaluationTime":[0-9.e+-]+)re"), R"("evaluationTime":0)");
  json = std::regex_replace(json, std::regex(R"re("(lastEvaluation|activeAt)":"[^"]*")re"), R"("$1":"T")");
  return json;
}

std::string get_body(int port, const std::string& target) {
  auto result = http_get(port, target);
  return result ? result->body : std::string();
}

// Waits until every group has been evaluated at least twice.
bool wait_evaluated(int port) {
  for (int i = 0; i < 100; ++i) {
    const std::string rules = get_body(port, "/api/v1/rules");
    if (rules.find("0001-01-01") == std::string::npos && rules.find("\"Pending\"") != std::string::npos &&
        rules.find("\"state\":\"pending\",\"activeAt\"") != std::string::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

HttpResult reload(int port) {
  HttpCall call;
  call.method = "POST";
  call.target = "/-/reload";
  return http_request(port, call).value_or(HttpResult{});
}

TEST(RulesApi, AnswersAsPrometheusAndReloadsKeepAlertState) {
  TempDir dir;
  const std::string rules_file = dir.write("rules.yml", kRules);
  dir.write("vigil.yml", "rule_files: [rules.yml]\nrules: {evaluation_interval: 1s}\n");
  VigilProcess vigil({"--config", (dir.path() / "vigil.yml").string()});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  ASSERT_TRUE(wait_evaluated(vigil.port())) << get_body(vigil.port(), "/api/v1/rules");

  const std::string rules = get_body(vigil.port(), "/api/v1/rules");
  EXPECT_THAT(rules, HasSubstr(R"("name":"Firing","query":"vector(1e+06) \u003e 0","duration":0,"keepFiringFor":60,)"));
  EXPECT_THAT(rules, HasSubstr(R"("lastError":"vector contains metrics with the same labelset after applying rule labels")"));
  EXPECT_THAT(rules, HasSubstr(R"("runbook":"http://x/\u003cy\u003e\u0026z")"));
  const std::string alerts = get_body(vigil.port(), "/api/v1/alerts");
  EXPECT_THAT(alerts, HasSubstr(R"("labels":{"alertname":"Firing","severity":"page","v":"1e+06"})"));
  EXPECT_THAT(alerts, HasSubstr(R"("state":"pending")"));
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/rules?type=record"), Not(HasSubstr("Firing")));
  EXPECT_EQ(http_get(vigil.port(), "/api/v1/rules?type=bogus")->status, 400);

  // What the rules wrote is queryable.
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/query?query=answer:sum"), HasSubstr(R"("team":"a"},"value":[)"));
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/query?query=ALERTS"),
              HasSubstr(R"({"__name__":"ALERTS","alertname":"Firing","alertstate":"firing","severity":"page","v":"1e+06"})"));
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/query?query=ALERTS_FOR_STATE"), HasSubstr("\"alertname\":\"Pending\""));

  if (LivePrometheus::installed()) {
    LivePrometheus prometheus({}, "global:\n  scrape_interval: 1h\n  evaluation_interval: 1s\nrule_files: [" +
                                      rules_file + "]\n");
    ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
    ASSERT_TRUE(wait_evaluated(prometheus.port()));
    // File paths differ only in how they were given.
    auto same_file = [](std::string json) { return std::regex_replace(json, std::regex(R"re("file":"[^"]*")re"), R"("file":"F")"); };
    EXPECT_EQ(same_file(without_times(get_body(vigil.port(), "/api/v1/rules"))),
              same_file(without_times(get_body(prometheus.port(), "/api/v1/rules"))));
    EXPECT_EQ(without_times(get_body(vigil.port(), "/api/v1/alerts")),
              without_times(get_body(prometheus.port(), "/api/v1/alerts")));
  }

  // A bad file is refused with its line; the running rules stay.
  const std::regex active_at(R"re("alertname":"Pending"\},"annotations":\{\},"state":"pending","activeAt":"([^"]+)")re");
  std::smatch before;
  ASSERT_TRUE(std::regex_search(alerts, before, active_at)) << alerts;
  dir.write("rules.yml", std::string(kRules) + "      - record: bad\n        expr: sum(\n");
  const HttpResult refused = reload(vigil.port());
  EXPECT_EQ(refused.status, 500);
  EXPECT_THAT(refused.body, HasSubstr("rules.yml:29: group \"second\", rule 2, \"bad\": could not parse expression"));
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/rules"), HasSubstr("\"Pending\""));

  // A good reload keeps the pending alert's start.
  dir.write("rules.yml", std::string(kRules) + "      - record: added\n        expr: vector(3)\n");
  const HttpResult reloaded = reload(vigil.port());
  EXPECT_EQ(reloaded.status, 200) << reloaded.body;
  const std::string after_reload = get_body(vigil.port(), "/api/v1/alerts");
  std::smatch after;
  ASSERT_TRUE(std::regex_search(after_reload, after, active_at)) << after_reload;
  EXPECT_EQ(after[1], before[1]);
  EXPECT_THAT(get_body(vigil.port(), "/api/v1/rules"), HasSubstr("\"name\":\"added\""));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

}  // namespace
}  // namespace vigil::testing
