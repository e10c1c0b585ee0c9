// `vigil serve`: the composition root. Builds the parts from the
// configuration, wires them, runs until SIGINT/SIGTERM, then stops them in
// reverse order.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <fmt/core.h>

#include "alerting/silences.h"
#include "api/handlers/admin_routes.h"
#include "api/handlers/alertmanager_alert_routes.h"
#include "api/handlers/alertmanager_silence_routes.h"
#include "api/handlers/exemplar_routes.h"
#include "api/handlers/format_query_routes.h"
#include "api/handlers/metadata_routes.h"
#include "api/handlers/metric_metadata_routes.h"
#include "api/handlers/otlp_routes.h"
#include "api/handlers/query_routes.h"
#include "api/handlers/remote_write_routes.h"
#include "api/handlers/rules_routes.h"
#include "api/handlers/runtime_info_routes.h"
#include "api/handlers/scrape_routes.h"
#include "api/handlers/status_routes.h"
#include "api/http/authenticator.h"
#include "api/http/http_metrics.h"
#include "api/http/request_pipeline.h"
#include "api/http/router.h"
#include "api/http/server.h"
#include "cli/commands.h"
#include "cli/alerting_setup.h"
#include "cli/engine_options.h"
#include "cli/exit_codes.h"
#include "cli/otlp_listeners.h"
#include "cli/rule_settings.h"
#include "cli/scrape_configs.h"
#include "cli/server_logger.h"
#include "config/loader.h"
#include "core/build_info.h"
#include "health/process_stats.h"
#include "health/self_metrics.h"
#include "ingest/counting_appender.h"
#include "ingest/otlp/receiver.h"
#include "promql/engine/storage_queryable.h"
#include "storage/data_dir.h"
#include "storage/database.h"
#include "vigil/metrics/registry.h"

namespace vigil::cli {
namespace {

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

config::LoadOptions load_options(const ServeOptions& options) {
  config::LoadOptions load;
  load.file = options.config_file;
  load.profile = options.profile;
  load.env = config::process_environment();
  load.flags.listen = options.listen;
  load.flags.data = options.data;
  if (options.enable_admin_api) load.flags.admin_api = "true";
  load.flags.query_timeout = options.query_timeout;
  load.flags.query_max_concurrency = options.query_max_concurrency;
  load.flags.query_max_samples = options.query_max_samples;
  load.flags.query_lookback_delta = options.query_lookback_delta;
  return load;
}

storage::wal::WalOptions::Fsync fsync_policy(const std::string& name) {
  if (name == "always") return storage::wal::WalOptions::Fsync::always;
  if (name == "never") return storage::wal::WalOptions::Fsync::never;
  return storage::wal::WalOptions::Fsync::interval;  // the schema admits only these three
}

storage::DatabaseOptions database_options(const config::StorageConfig& storage, log::Logger logger) {
  storage::DatabaseOptions options;
  options.wal.fsync = fsync_policy(storage.wal.fsync);
  options.wal.fsync_interval = storage.wal.fsync_interval;
  options.wal.segment_bytes = storage.wal.segment_size;
  options.head.out_of_order_window_ms = storage.out_of_order_window.count();
  options.head.max_series = storage.limits.max_series;
  options.head.max_series_per_metric = storage.limits.max_series_per_metric;
  options.head.label_limits.max_labels_per_series = storage.limits.max_labels_per_series;
  options.head.label_limits.max_name_length = storage.limits.max_label_name_length;
  options.head.label_limits.max_value_length = storage.limits.max_label_value_length;
  options.block_duration_ms = storage.block_duration.count();
  options.retention_time_ms = storage.retention.time.count();
  options.retention_bytes = storage.retention.size;
  options.on_warning = [logger = std::move(logger)](const std::string& message) {
    logger.warn("storage background problem", {{"detail", message}});
  };
  return options;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The outcome of the configuration loads, for /api/v1/status/runtimeinfo.
struct ConfigLoadStatus {
  std::atomic<bool> last_succeeded{true};
  std::atomic<int64_t> last_success_ms{now_ms()};
};

// SIGHUP and POST /-/reload re-read the configuration. The log level, the
// scrape configs and the rule files apply at once; other settings need a
// restart, which the log says. A bad file keeps the old settings.
// The parts a reload changes.
struct Reloadable {
  ingest::scrape::Scraper& scraper;
  rules::RuleScheduler& rule_scheduler;
  alerting::AlertDelivery& delivery;
  AlertingConfigText& alerting_text;
  std::string external_url;
};

Result<void> reload(const ServeOptions& options, log::Logger& root, const log::Logger& logger, Reloadable& parts,
                    ConfigLoadStatus& status) {
  static std::mutex reloading;  // SIGHUP and HTTP may ask at once
  std::lock_guard lock(reloading);
  auto failed = [&](const Error& error) {
    logger.error("configuration reload failed; keeping the running configuration", {{"error", error.message}});
    status.last_succeeded = false;
    return std::unexpected(error);
  };
  auto loaded = config::load(load_options(options));
  auto scrape_configs = loaded ? scrape_configs_of(*loaded) : std::unexpected(loaded.error());
  if (!scrape_configs) return failed(scrape_configs.error());
  auto alerting = load_alerting(*loaded);
  if (!alerting) return failed(alerting.error());
  // Rule files are loaded before anything changes: a bad one keeps it all.
  if (auto rules_loaded = parts.rule_scheduler.load(rule_file_patterns(*loaded)); !rules_loaded) {
    return failed(rules_loaded.error());
  }
  if (auto level = log::parse_level(loaded->server.log.level)) root.set_level(*level);
  const size_t jobs = scrape_configs->size();
  parts.scraper.apply(std::move(*scrape_configs));
  parts.alerting_text.set(std::move(alerting->text));
  parts.delivery.apply(std::move(alerting->config), std::move(alerting->integrations), parts.external_url);
  status.last_succeeded = true;
  status.last_success_ms = now_ms();
  logger.info(
      "configuration reloaded; settings other than server.log.level, scrape_configs, rule_files and alerting apply "
      "after a restart",
      {{"log_level", loaded->server.log.level},
       {"scrape_jobs", jobs},
       {"rule_groups", static_cast<long>(parts.rule_scheduler.groups().size())}});
  return {};
}

ingest::otlp::TranslateOptions otlp_translate_options(const config::Config& config) {
  ingest::otlp::TranslateOptions options;
  options.label_limits.max_labels_per_series = config.storage.limits.max_labels_per_series;
  options.label_limits.max_name_length = config.storage.limits.max_label_name_length;
  options.label_limits.max_value_length = config.storage.limits.max_label_value_length;
  options.promote_scope_metadata = config.otlp.promote_scope_metadata;
  return options;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  // Signals are taken synchronously by this thread with sigwait; every thread
  // started from here on inherits the blocked mask.
  sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto loaded = config::load(load_options(options));
  if (!loaded) {
    fmt::print(stderr, "vigil: invalid configuration\n{}\n", loaded.error().message);
    return kExitUsageOrConfig;
  }
  const config::Config& config = *loaded;
  const int64_t started_ms = now_ms();
  ConfigLoadStatus config_status;
  std::error_code cwd_error;
  const std::string cwd = std::filesystem::current_path(cwd_error).string();
  auto scrape_configs = scrape_configs_of(config);
  if (!scrape_configs) {
    fmt::print(stderr, "vigil: invalid configuration\n{}\n", scrape_configs.error().message);
    return kExitUsageOrConfig;
  }

  auto root = make_server_logger(config.server.log);
  if (!root) {
    fmt::print(stderr, "vigil: {}\n", root.error().message);
    return kExitUsageOrConfig;
  }
  log::Logger logger = root->child("serve");
  logger.info("starting vigil", {{"version", std::string(build_info().version)},
                                 {"revision", std::string(build_info().revision)},
                                 {"profile", std::string(config::to_string(config.profile))},
                                 {"config", config.source}});

  auto data_dir = storage::DataDir::open(config.storage.path);
  if (!data_dir) {
    logger.error("cannot open storage", {{"error", data_dir.error().message}});
    return kExitRuntimeFailure;
  }

  auto database = storage::Database::open(data_dir->path(), database_options(config.storage, root->child("storage")));
  if (!database) {
    logger.error("cannot open storage", {{"error", database.error().message}, {"data", data_dir->path()}});
    return kExitRuntimeFailure;
  }
  for (const auto& warning : (*database)->warnings()) logger.warn("storage repaired on open", {{"detail", warning}});
  const storage::ReplayStats& replayed = (*database)->replay_stats();
  logger.info("storage opened", {{"series", replayed.series},
                                 {"samples", replayed.samples},
                                 {"unknown_refs", replayed.unknown_refs},
                                 {"replay_seconds", replayed.seconds}});

  metrics::Registry registry;
  health::register_process_metrics(registry, root->child("health"));
  health::register_build_info(registry);
  api::HttpMetrics http_metrics(registry);

  std::atomic<bool> ready{false};
  api::Router router;
  api::add_status_routes(router, registry, [&ready] { return ready.load(); });
  api::add_format_query_routes(router);
  api::add_metadata_routes(router, **database);
  const promql::StorageQueryable queryable(**database);
  api::add_query_routes(router, api::engine_query_runner(queryable, engine_options(config.query)),
                        {.timeout = config.query.timeout, .max_concurrency = config.query.max_concurrency});
  api::add_exemplar_routes(router);
  const auto proc_units = health::read_proc_units();
  api::add_runtime_info_routes(router, [&] {
    api::RuntimeInfo info;
    info.start_time_ms = started_ms;
    info.cwd = cwd;
    info.reload_config_success = config_status.last_succeeded;
    info.last_config_time_ms = config_status.last_success_ms;
    info.corruption_count = static_cast<int64_t>((*database)->warnings().size());
    if (proc_units) {
      if (auto stats = health::read_process_stats("/proc/self", *proc_units)) {
        info.threads = static_cast<int64_t>(stats->threads);
      }
    }
    info.cores = std::thread::hardware_concurrency();
    info.storage_retention = api::retention_text(config.storage.retention.time.count(), config.storage.retention.size);
    return info;
  });
  if (config.server.admin_api) {
    api::add_admin_routes(router, **database);
  } else {
    api::add_disabled_admin_routes(router);
  }
  ingest::CountingAppender ingest_appender((*database)->appender(), registry);
  api::add_remote_write_routes(router, ingest_appender, config.storage.limits, registry);
  ingest::otlp::DeltaConverter otlp_deltas(
      {.max_streams = config.otlp.delta.max_streams,
       .idle_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.otlp.delta.idle_timeout)});
  ingest::otlp::MetricsReceiver otlp_receiver(ingest_appender, otlp_deltas, otlp_translate_options(config), registry);
  if (config.otlp.enabled) api::add_otlp_routes(router, otlp_receiver, config.otlp.max_request_bytes);
  // Started once the HTTP server is up (a target may be Vigil itself);
  // stopped before storage closes, with staleness markers for its targets.
  std::optional<ingest::scrape::Scraper> scraper(std::in_place, ingest_appender);
  // Alert delivery: silences and the notification log live in the data
  // directory; a damaged silences file stops the start (as Alertmanager).
  auto silences = alerting::Silences::open({.snapshot_file = std::filesystem::path(data_dir->path()) / "silences"});
  if (!silences) {
    logger.error("cannot open the silences", {{"error", silences.error().message}});
    return kExitRuntimeFailure;
  }
  auto delivery = alerting::AlertDelivery::open(
      {.data_dir = data_dir->path(), .after_collect = [&silences] { (void)(*silences)->collect_garbage(); }},
      [&silences](const alerting::Labels& labels, alerting::TimePoint at) { return (*silences)->mutes(labels, at); },
      root->child("alerting"));
  if (!delivery) {
    logger.error("cannot open the notification log", {{"error", delivery.error().message}});
    return kExitRuntimeFailure;
  }
  auto alerting_loaded = load_alerting(config);
  if (!alerting_loaded) {
    fmt::print(stderr, "vigil: invalid alerting configuration\n{}\n", alerting_loaded.error().message);
    return kExitUsageOrConfig;
  }
  AlertingConfigText alerting_text;
  alerting_text.set(std::move(alerting_loaded->text));
  (*delivery)->apply(std::move(alerting_loaded->config), std::move(alerting_loaded->integrations),
                     config.rules.external_url);
  api::add_alertmanager_alert_routes(router, **delivery,
                                     {.config_text = [&alerting_text] { return alerting_text.get(); },
                                      .started_ms = started_ms});
  api::add_alertmanager_silence_routes(router, **silences);
  DeliverySink delivery_sink(**delivery);

  auto rule_options = rule_scheduler_options(config);
  if (!rule_options) {
    fmt::print(stderr, "vigil: invalid configuration\n{}\n", rule_options.error().message);
    return kExitUsageOrConfig;
  }
  const promql::Engine rule_engine(engine_options(config.query));
  std::optional<rules::RuleScheduler> rule_scheduler(std::in_place, rule_engine, queryable, (*database)->appender(),
                                                     &delivery_sink, std::move(*rule_options), root->child("rules"));
  if (auto rules_loaded = rule_scheduler->load(rule_file_patterns(config)); !rules_loaded) {
    fmt::print(stderr, "vigil: invalid rule files\n{}\n", rules_loaded.error().message);
    return kExitUsageOrConfig;
  }
  api::add_rules_routes(router, *rule_scheduler);
  Reloadable reloadable{*scraper, *rule_scheduler, **delivery, alerting_text, config.rules.external_url};
  api::add_scrape_routes(router, *scraper, [&] { return reload(options, *root, logger, reloadable, config_status); });
  api::add_metric_metadata_routes(router, *scraper);

  auto authenticator = api::Authenticator::create(config.server.auth);
  if (!authenticator) {
    logger.error("invalid authentication settings", {{"error", authenticator.error().message}});
    return kExitUsageOrConfig;
  }
  api::RequestPipeline pipeline(router, std::move(*authenticator), http_metrics, root->child("http"),
                                config.server.gzip);
  api::HttpServer server(config.server, pipeline, http_metrics, root->child("http"));
  if (auto started = server.start(); !started) {
    logger.error("cannot start the HTTP server", {{"error", started.error().message}});
    return started.error().kind == ErrorKind::invalid_config ? kExitUsageOrConfig : kExitRuntimeFailure;
  }

  OtlpListeners otlp_listeners(config, otlp_receiver, http_metrics, *root);
  if (auto started = otlp_listeners.start(); !started) {
    logger.error("cannot start the OTLP listeners", {{"error", started.error().message}});
    server.shutdown();
    return started.error().kind == ErrorKind::invalid_config ? kExitUsageOrConfig : kExitRuntimeFailure;
  }
  scraper->apply(std::move(*scrape_configs));
  ready = true;
  std::string scheme = config.server.tls.enabled() ? "https" : "http";
  logger.info("vigil is ready", {{"url", scheme + "://" + server.local_address() + "/"},
                                 {"metrics", scheme + "://" + server.local_address() + "/metrics"},
                                 {"data", data_dir->path()}});
  if (config.otlp.enabled) {
    logger.info("OTLP metrics receiver is ready",
                {{"http", otlp_listeners.http_url()}, {"grpc", otlp_listeners.grpc_address()}});
  }

  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      (void)reload(options, *root, logger, reloadable, config_status);
      continue;
    }
    logger.info("shutting down", {{"signal", signal == SIGINT ? "SIGINT" : "SIGTERM"}});
    break;
  }

  // Reverse order of construction: stop taking work, drain HTTP, then storage.
  ready = false;
  otlp_listeners.shutdown();
  server.shutdown();
  scraper.reset();
  rule_scheduler.reset();
  if (auto closed = (*database)->close(); !closed) {
    logger.error("storage did not close cleanly", {{"error", closed.error().message}});
    return kExitRuntimeFailure;
  }
  logger.info("stopped");
  return kExitOk;
}

}  // namespace vigil::cli
