// The command line: help, version, check config, exit codes.

#include <gtest/gtest.h>

#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

TEST(Cli, HelpListsSubcommands) {
  auto result = run_vigil({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* word : {"serve", "check", "version"}) {
    EXPECT_NE(result.out.find(word), std::string::npos) << result.out;
  }
  auto serve = run_vigil({"serve", "--help"});
  EXPECT_EQ(serve.exit_code, 0);
  for (const char* flag : {"--config", "--listen", "--data", "--profile"}) {
    EXPECT_NE(serve.out.find(flag), std::string::npos) << serve.out;
  }
}

TEST(Cli, ServeChecksTheQueryFlags) {
  TempDir dir;
  auto result = run_vigil({"serve", "--data", dir.path().string(), "--query.max-concurrency", "0"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("flag --query.max-concurrency: query.max_concurrency: must be between 1 and 10000, got 0"),
            std::string::npos)
      << result.err;
  auto timeout = run_vigil({"serve", "--data", dir.path().string(), "--query.timeout", "soon"});
  EXPECT_EQ(timeout.exit_code, 2);
  EXPECT_NE(timeout.err.find("flag --query.timeout: query.timeout: invalid duration \"soon\""), std::string::npos)
      << timeout.err;
}

TEST(Cli, NoSubcommandIsAUsageError) {
  auto result = run_vigil({});
  EXPECT_EQ(result.exit_code, 2);
}

TEST(Cli, VersionPrintsBuildInformation) {
  auto result = run_vigil({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.out.starts_with("vigil, version ")) << result.out;
  EXPECT_NE(result.out.find("revision"), std::string::npos);
}

TEST(Cli, CheckConfigPrintsEffectiveConfiguration) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "server:\n  listen: 127.0.0.1:9999\n  auth:\n    bearer_tokens: [abc]\n");
  auto result = run_vigil({"check", "config", config}, {{"VIGIL_STORAGE_PATH", "/var/lib/vigil"}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("127.0.0.1:9999"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("/var/lib/vigil"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("read_timeout: 30s"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("abc"), std::string::npos) << "secret printed:\n" << result.out;
}

TEST(Cli, CheckRulesReportsEachFileAsPromtoolDoes) {
  TempDir dir;
  auto good = dir.write("good.yml", "groups:\n  - name: a\n    rules:\n      - record: x:y\n        expr: sum(up)\n");
  auto bad = dir.write("bad.yml", "groups:\n  - name: a\n    rules:\n      - alert: Down\n        expr: up ==\n");
  auto result = run_vigil({"check", "rules", good, bad});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.out.find("Checking " + good + "\n  SUCCESS: 1 rules found\n"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Checking " + bad), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("  FAILED:\n" + bad + ":5: group \"a\", rule 1, \"Down\": could not parse expression"),
            std::string::npos)
      << result.err;
}

TEST(Cli, CheckAlertingReportsAsAmtoolDoes) {
  TempDir dir;
  auto good = dir.write("good.yml", "route: {receiver: a}\nreceivers: [{name: a}]\ntemplates: ['*.tmpl']\n");
  auto bad = dir.write("bad.yml", "route:\n  receiver: b\nreceivers: [{name: a}]\n");
  auto result = run_vigil({"check", "alerting", good, bad});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("Checking '" + good + "'  SUCCESS\nFound:\n - global config\n - route\n"
                            " - 0 inhibit rules\n - 1 receivers\n - 1 templates\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Checking '" + bad + "'  FAILED: " + bad + ":2: undefined receiver \"b\" used in route"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.err.find("failed to validate 1 file(s)"), std::string::npos) << result.err;
}

TEST(Cli, CheckAlertingParsesTemplates) {
  TempDir dir;
  dir.write("bad.tmpl", "{{ define \"x\" }}{{ end ");
  auto files = dir.write("files.yml", "route: {receiver: a}\nreceivers: [{name: a}]\ntemplates: ['*.tmpl']\n");
  auto texts = dir.write("texts.yml",
                         "route: {receiver: a}\nreceivers:\n- name: a\n  slack_configs:\n"
                         "  - api_url: http://127.0.0.1:1/\n    title: '{{ .Status | nosuch }}'\n");
  auto result = run_vigil({"check", "alerting", files, texts});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("Checking '" + files + "'  FAILED: template file " + dir.path().string() +
                            "/bad.tmpl: template: bad.tmpl:1: unclosed action"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Checking '" + texts + "'  FAILED: " + texts +
                            ":3: receiver \"a\": slack_configs[0].title: template: :1: function \"nosuch\" not defined"),
            std::string::npos)
      << result.out;
}

TEST(Cli, CheckConfigReadsInlineAlerting) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "alerting:\n  route:\n    receiver: x\n  receivers:\n    - name: a\n");
  auto result = run_vigil({"check", "config", config});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(config + ":3: undefined receiver \"x\" used in route"), std::string::npos) << result.err;
}

TEST(Cli, CheckConfigRejectsUnknownKeyWithLine) {
  TempDir dir;
  auto config = dir.write("vigil.yml", "server:\n  listen: 127.0.0.1:9999\n  lisen: x\n");
  auto result = run_vigil({"check", "config", config});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(config + ":3: server.lisen: unknown key"), std::string::npos) << result.err;
}

TEST(Cli, CheckConfigChecksScrapeConfigsAsPrometheusDoes) {
  TempDir dir;
  auto config = dir.write("vigil.yml",
                          "scrape_configs:\n"
                          "  - job_name: node\n"
                          "    scrape_interval: 10s\n"
                          "    scrape_timeout: 15s\n"
                          "    relabel_configs:\n"
                          "      - action: labelmapp\n");
  auto result = run_vigil({"check", "config", config});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find(config + ":4: scrape_configs[0].scrape_timeout: scrape timeout greater than scrape "
                                     "interval for scrape config with job name \"node\""),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find(config + ":6: scrape_configs[0].relabel_configs[0].action: unknown relabel action "
                                     "\"labelmapp\""),
            std::string::npos)
      << result.err;
  // serve refuses the same file before it starts anything.
  auto served = run_vigil({"serve", "--config", config});
  EXPECT_EQ(served.exit_code, 2);
  EXPECT_NE(served.err.find("scrape timeout greater than scrape interval"), std::string::npos) << served.err;
}

TEST(Cli, CheckConfigOfMissingFile) {
  auto result = run_vigil({"check", "config", "/nonexistent/vigil.yml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/nonexistent/vigil.yml"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace vigil::testing
