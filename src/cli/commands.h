#pragma once
// The subcommands of the vigil binary. Each returns a process exit code (exit_codes.h).

#include <optional>
#include <string>
#include <vector>

namespace vigil::cli {

struct ServeOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> listen;
  std::optional<std::string> data;
  std::optional<std::string> profile;
  bool enable_admin_api = false;
  std::optional<std::string> query_timeout;
  std::optional<std::string> query_max_concurrency;
  std::optional<std::string> query_max_samples;
  std::optional<std::string> query_lookback_delta;
};

struct TsdbAnalyzeOptions {
  std::string dir;
  size_t limit = 20;  // entries in each "top" list
};

struct TsdbDumpOptions {
  std::string dir;
  std::optional<std::string> min_time;  // milliseconds or RFC 3339
  std::optional<std::string> max_time;
  std::vector<std::string> selectors;  // none: every series
};

struct QueryOptions {
  std::string expr;
  std::optional<std::string> server;  // http://host:port; the default when --data is absent too
  std::optional<std::string> data;    // a storage directory, queried in this process
  std::optional<std::string> time;    // instant query; Unix seconds or RFC 3339; default now
  std::optional<std::string> start;   // range query: all three
  std::optional<std::string> end;
  std::optional<std::string> step;  // "15s", "1m30s" or seconds
  std::optional<std::string> timeout;
  std::string format = "table";  // table or json
};

int run_serve(const ServeOptions& options);
int run_check_config(const std::string& file, const std::optional<std::string>& profile);
// Checks Prometheus rule files as `promtool check rules` does.
int run_check_rules(const std::vector<std::string>& files);
// Runs rule unit-test files as `promtool test rules` does.
int run_test_rules(const std::vector<std::string>& files);
// Checks Alertmanager configuration files as `amtool check-config` does.
int run_check_alerting(const std::vector<std::string>& files);
int run_version();
int run_tsdb_analyze(const TsdbAnalyzeOptions& options);
int run_tsdb_dump(const TsdbDumpOptions& options);
int run_query(const QueryOptions& options);

}  // namespace vigil::cli
