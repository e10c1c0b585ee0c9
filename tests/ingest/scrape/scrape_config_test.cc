#include "ingest/scrape/scrape_config.h"

#include <gtest/gtest.h>

#include <string>

namespace vigil::ingest::scrape {
namespace {

Result<std::vector<ScrapeConfig>> decode(const std::string& yaml) {
  return decode_scrape_configs(YAML::Load(yaml)["scrape_configs"], "vigil.yml", "/etc/vigil");
}

std::string problems(const std::string& yaml) {
  auto decoded = decode(yaml);
  return decoded ? "(decoded)" : decoded.error().message;
}

TEST(ScrapeConfig, PrometheusShapeWithDefaults) {
  auto configs = decode(R"(
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['localhost:9100', 'db:9100']
        labels: {env: prod}
  - job_name: app
    scrape_interval: 5s
    metrics_path: /internal/metrics
    scheme: https
    params: {module: [http_2xx]}
    basic_auth: {username: u, password_file: secrets/pw}
    tls_config: {insecure_skip_verify: true}
    honor_labels: true
    honor_timestamps: false
    sample_limit: 1000
    label_limit: 30
    body_size_limit: 10MB
    file_sd_configs:
      - files: ['targets/*.json', '/abs/more.yml']
        refresh_interval: 30s
    relabel_configs:
      - source_labels: [__address__]
        regex: '(.*):\d+'
        target_label: host
    metric_relabel_configs:
      - regex: 'go_.*'
        source_labels: [__name__]
        action: drop
)");
  ASSERT_TRUE(configs) << configs.error().message;
  ASSERT_EQ(configs->size(), 2u);
  const ScrapeConfig& node = (*configs)[0];
  EXPECT_EQ(node.job_name, "node");
  EXPECT_EQ(node.scrape_interval, std::chrono::minutes(1));
  EXPECT_EQ(node.scrape_timeout, std::chrono::seconds(10));
  EXPECT_EQ(node.metrics_path, "/metrics");
  EXPECT_EQ(node.scheme, "http");
  EXPECT_TRUE(node.honor_timestamps);
  ASSERT_EQ(node.static_configs.size(), 1u);
  EXPECT_EQ(node.static_configs[0].targets, (std::vector<std::string>{"localhost:9100", "db:9100"}));
  EXPECT_EQ(node.static_configs[0].labels.at("env"), "prod");

  const ScrapeConfig& app = (*configs)[1];
  EXPECT_EQ(app.scrape_interval, std::chrono::seconds(5));
  EXPECT_EQ(app.scrape_timeout, std::chrono::seconds(5));  // the default, capped at the interval
  EXPECT_EQ(app.metrics_path, "/internal/metrics");
  EXPECT_EQ(app.scheme, "https");
  EXPECT_EQ(app.params.at("module"), std::vector<std::string>{"http_2xx"});
  ASSERT_TRUE(app.basic_auth);
  EXPECT_EQ(app.basic_auth->password_file, "/etc/vigil/secrets/pw");
  EXPECT_TRUE(app.tls_config.insecure_skip_verify);
  EXPECT_TRUE(app.honor_labels);
  EXPECT_FALSE(app.honor_timestamps);
  EXPECT_EQ(app.sample_limit, 1000u);
  EXPECT_EQ(app.label_limit, 30u);
  EXPECT_EQ(app.body_size_limit, 10u << 20);  // binary units, as Prometheus reads sizes
  ASSERT_EQ(app.file_sd_configs.size(), 1u);
  EXPECT_EQ(app.file_sd_configs[0].files, (std::vector<std::string>{"/etc/vigil/targets/*.json", "/abs/more.yml"}));
  EXPECT_EQ(app.file_sd_configs[0].refresh_interval, std::chrono::seconds(30));
  ASSERT_EQ(app.relabel_configs.size(), 1u);
  EXPECT_EQ(app.relabel_configs[0].config().target_label, "host");
  ASSERT_EQ(app.metric_relabel_configs.size(), 1u);
  EXPECT_EQ(app.metric_relabel_configs[0].config().action, RelabelAction::drop);
}

TEST(ScrapeConfig, BearerTokenKeysBecomeAuthorization) {
  auto configs = decode("scrape_configs: [{job_name: a, bearer_token_file: token}]");
  ASSERT_TRUE(configs) << configs.error().message;
  ASSERT_TRUE((*configs)[0].authorization);
  EXPECT_EQ((*configs)[0].authorization->type, "Bearer");
  EXPECT_EQ((*configs)[0].authorization->credentials_file, "/etc/vigil/token");
}

TEST(ScrapeConfig, EveryProblemWithItsLineAndPath) {
  EXPECT_EQ(problems(R"(scrape_configs:
  - job_name: a
    scrape_interval: 10s
    scrape_timeout: 20s
    scrape_intervall: 5s
    kubernetes_sd_configs: []
  - job_name: a
    scheme: ftp
    static_configs:
      - targets: ['http://host:80/x']
        labels: {1bad: x}
    relabel_configs:
      - action: hashmod
        target_label: t
      - action: rename
)"),
            "vigil.yml:4: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape interval for scrape "
            "config with job name \"a\"\n"
            "vigil.yml:5: scrape_configs[0].scrape_intervall: unknown key (did you mean \"scrape_interval\"?)\n"
            "vigil.yml:6: scrape_configs[0].kubernetes_sd_configs: not supported by Vigil\n"
            "vigil.yml:7: scrape_configs[1].job_name: found multiple scrape configs with job name \"a\"\n"
            "vigil.yml:8: scrape_configs[1].scheme: unknown scheme \"ftp\" (http or https)\n"
            "vigil.yml:10: scrape_configs[1].static_configs[0].targets: \"http://host:80/x\" is not a valid hostname\n"
            "vigil.yml:11: scrape_configs[1].static_configs[0].labels: \"1bad\" is not a valid label name\n"
            "vigil.yml:13: scrape_configs[1].relabel_configs[0]: relabel configuration for hashmod requires non-zero "
            "modulus\n"
            "vigil.yml:15: scrape_configs[1].relabel_configs[1].action: unknown relabel action \"rename\" (one of "
            "replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, "
            "uppercase)");
}

TEST(ScrapeConfig, CredentialConflictsAndBadValues) {
  EXPECT_EQ(problems("scrape_configs: [{job_name: a, basic_auth: {username: u}, bearer_token: t}]"),
            "vigil.yml:1: scrape_configs[0]: at most one of basic_auth, authorization, bearer_token & "
            "bearer_token_file must be configured");
  EXPECT_EQ(problems("scrape_configs: [{job_name: a, scrape_interval: soon}]"),
            "vigil.yml:1: scrape_configs[0].scrape_interval: expected a duration such as 15s, 1m or 1h30m");
  EXPECT_EQ(problems("scrape_configs: [{job_name: a, sample_limit: -1}]"),
            "vigil.yml:1: scrape_configs[0].sample_limit: expected a whole number");
  EXPECT_EQ(problems("scrape_configs: [{job_name: a, file_sd_configs: [{files: [targets.txt]}]}]"),
            "vigil.yml:1: scrape_configs[0].file_sd_configs[0].files: path name \"targets.txt\" is not valid for "
            "file discovery (.json, .yml or .yaml)");
  EXPECT_EQ(problems("scrape_configs: [{scrape_interval: 1m}]"),
            "vigil.yml:1: scrape_configs[0].job_name: job_name is empty");
  EXPECT_EQ(problems("scrape_configs: {job_name: a}"), "vigil.yml:1: scrape_configs: expected a list");
}

TEST(ScrapeConfig, AbsentOrNullIsEmpty) {
  EXPECT_TRUE(decode("other: 1")->empty());
  EXPECT_TRUE(decode("scrape_configs:")->empty());
}

}  // namespace
}  // namespace vigil::ingest::scrape
