// The vigil binary: parses the command line and runs one subcommand.

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace {

constexpr const char* kDescription =
    "Vigil: metrics storage, PromQL, alerting, SLOs and agent monitoring in one binary.\n"
    "\n"
    "Start a server with `vigil serve`; it listens on 127.0.0.1:9400 and stores data in ./data\n"
    "unless told otherwise. Check a configuration file with `vigil check config FILE`; look into a\n"
    "storage directory with `vigil tsdb analyze DIR` and `vigil tsdb dump DIR`; ask PromQL questions\n"
    "with `vigil query EXPR`; unit-test rule files with `vigil test rules FILE`.";

}  // namespace

int main(int argc, char** argv) {
  using namespace vigil::cli;
  CLI::App app{kDescription, "vigil"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print help for all subcommands");

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the Vigil server");
  serve_cmd->add_option("--config", serve.config_file, "YAML configuration file (see docs/configuration.md)");
  serve_cmd->add_option("--listen", serve.listen, "HTTP listen address, host:port (default 127.0.0.1:9400)");
  serve_cmd->add_option("--data", serve.data, "Storage directory (default ./data)");
  serve_cmd->add_option("--profile", serve.profile, "Defaults profile: development, production or testing");
  serve_cmd->add_flag("--enable-admin-api", serve.enable_admin_api,
                      "Serve /api/v1/admin/tsdb/* (snapshot, delete_series, clean_tombstones)");
  serve_cmd->add_option("--query.timeout", serve.query_timeout,
                        "Longest a query may take, queueing included (default 2m)");
  serve_cmd->add_option("--query.max-concurrency", serve.query_max_concurrency,
                        "Queries running at once; more wait in line (default 20)");
  serve_cmd->add_option("--query.max-samples", serve.query_max_samples,
                        "Samples one query may hold in memory (default 50000000)");
  serve_cmd->add_option("--query.lookback-delta", serve.query_lookback_delta,
                        "How far back an instant selector looks for a sample (default 5m)");

  auto* check_cmd = app.add_subcommand("check", "Validate files without starting the server");
  check_cmd->require_subcommand(1);
  std::string check_file;
  std::optional<std::string> check_profile;
  auto* check_config =
      check_cmd->add_subcommand("config", "Validate a configuration file and print the effective configuration");
  check_config->add_option("FILE", check_file, "Configuration file")->required();
  check_config->add_option("--profile", check_profile, "Defaults profile: development, production or testing");
  std::vector<std::string> rule_files;
  auto* check_rules = check_cmd->add_subcommand("rules", "Validate Prometheus rule files");
  check_rules->add_option("FILES", rule_files, "Rule files")->required();
  std::vector<std::string> alerting_files;
  auto* check_alerting = check_cmd->add_subcommand("alerting", "Validate Alertmanager configuration files");
  check_alerting->add_option("FILES", alerting_files, "Alertmanager configuration files")->required();

  auto* test_cmd = app.add_subcommand("test", "Run unit tests");
  test_cmd->require_subcommand(1);
  std::vector<std::string> test_files;
  auto* test_rules = test_cmd->add_subcommand(
      "rules", "Run rule unit-test files (promtool test rules format); exit 1 when a test fails");
  test_rules->add_option("FILES", test_files, "Rule unit-test files")->required();

  auto* version_cmd = app.add_subcommand("version", "Print version and build information");

  auto* tsdb_cmd = app.add_subcommand("tsdb", "Inspect a storage directory (not while a server runs on it)");
  tsdb_cmd->require_subcommand(1);
  TsdbAnalyzeOptions analyze;
  auto* analyze_cmd = tsdb_cmd->add_subcommand("analyze", "Blocks, head, cardinality and churn of the stored series");
  analyze_cmd->add_option("DIR", analyze.dir, "Storage directory")->required();
  analyze_cmd->add_option("--limit", analyze.limit, "Entries in each top list (default 20)");
  TsdbDumpOptions dump;
  auto* dump_cmd = tsdb_cmd->add_subcommand("dump", "Print the selected samples, one per line");
  dump_cmd->add_option("DIR", dump.dir, "Storage directory")->required();
  dump_cmd->add_option("SELECTOR", dump.selectors, "Series selectors, e.g. 'up{job=\"api\"}' (default: every series)");
  dump_cmd->add_option("--min-time", dump.min_time, "Earliest sample: milliseconds since the epoch or RFC 3339");
  dump_cmd->add_option("--max-time", dump.max_time, "Latest sample: milliseconds since the epoch or RFC 3339");

  QueryOptions query;
  auto* query_cmd = app.add_subcommand(
      "query", "Run a PromQL query on a running server (default http://127.0.0.1:9400) or a storage directory");
  query_cmd->add_option("EXPR", query.expr, "PromQL expression, e.g. 'sum by (job) (rate(http_requests_total[5m]))'")
      ->required();
  query_cmd->add_option("--server", query.server, "Server URL, http://host:port (default http://127.0.0.1:9400)");
  query_cmd->add_option("--data", query.data,
                        "Storage directory to query in this process (not while a server runs on it)");
  query_cmd->add_option("--time", query.time, "Instant query time: Unix seconds or RFC 3339 (default now)");
  query_cmd->add_option("--start", query.start, "Range query start: Unix seconds or RFC 3339");
  query_cmd->add_option("--end", query.end, "Range query end: Unix seconds or RFC 3339");
  query_cmd->add_option("--step", query.step, "Range query step: a duration (15s, 1m30s) or seconds");
  query_cmd->add_option("--timeout", query.timeout, "Query timeout, at most the server's (default 2m)");
  query_cmd->add_option("--format", query.format, "Output: table (one line per sample) or json (the API's data object)")
      ->check(CLI::IsMember({"table", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsageOrConfig;
  }

  if (serve_cmd->parsed()) return run_serve(serve);
  if (check_config->parsed()) return run_check_config(check_file, check_profile);
  if (check_rules->parsed()) return run_check_rules(rule_files);
  if (test_rules->parsed()) return run_test_rules(test_files);
  if (check_alerting->parsed()) return run_check_alerting(alerting_files);
  if (version_cmd->parsed()) return run_version();
  if (analyze_cmd->parsed()) return run_tsdb_analyze(analyze);
  if (dump_cmd->parsed()) return run_tsdb_dump(dump);
  if (query_cmd->parsed()) return run_query(query);
  return kExitUsageOrConfig;
}
