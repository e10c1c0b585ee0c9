// The driver of bench/storage/compare.sh: sends one generated workload
// (workload.h) either into Vigil's storage in-process, or to a peer over
// Prometheus remote write, and prints what it measured as key=value lines
// for the script (notes for humans go to stderr).
//
//   storage_compare vigil --data DIR [workload flags]
//   storage_compare remote-write --url http://127.0.0.1:PORT/api/v1/write [workload flags]

#include <malloc.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "bench/storage/remote_write_client.h"
#include "bench/storage/workload.h"
#include "core/duration.h"
#include "ingest/remote_write/write_request_encoder.h"
#include "storage/database.h"
#include "storage/index/matcher.h"

namespace {

using namespace vigil;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void print(const char* key, double value) { std::printf("%s=%.6g\n", key, value); }
void print(const char* key, const char* value) { std::printf("%s=%s\n", key, value); }
void print(const char* key, uint64_t value) { std::printf("%s=%llu\n", key, static_cast<unsigned long long>(value)); }

// VmRSS of this process, from /proc/self/status.
uint64_t rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// Bytes malloc has handed out and not had back.
uint64_t heap_in_use() {
  const struct mallinfo2 heap = mallinfo2();
  return heap.uordblks + heap.hblkhd;
}

// Apparent size: the sum of regular files' st_size, as compare.sh measures
// every system (allocated blocks would add filesystem rounding to many small files).
uint64_t dir_bytes(const std::string& dir) {
  uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

struct WorkloadFlags {
  bench::WorkloadOptions options;
  std::string duration = "2h";
  std::string interval = "15s";
  uint32_t batch = 10'000;
  uint32_t scrapes_per_batch = 1;

  void add_to(CLI::App& app) {
    app.add_option("--series", options.series, "active series at every scrape")->capture_default_str();
    app.add_option("--duration", duration, "time range of the workload")->capture_default_str();
    app.add_option("--interval", interval, "scrape interval")->capture_default_str();
    app.add_option("--end-ms", options.end_ms, "time of the last scrape, ms since the epoch (0: a minute ago)");
    app.add_option("--seed", options.seed, "workload seed")->capture_default_str();
    app.add_option("--churn", options.churn_fraction, "fraction of targets replaced by a new pod")
        ->capture_default_str();
    app.add_option("--batch", batch, "samples per append call or remote-write request")->capture_default_str();
    app.add_option("--scrapes-per-batch", scrapes_per_batch,
                   "consecutive scrapes whose samples of one series travel together")
        ->capture_default_str();
  }

  bool resolve() {
    auto d = parse_duration(duration);
    auto i = parse_duration(interval);
    if (!d || !i || i->count() <= 0) {
      std::fprintf(stderr, "storage_compare: bad --duration or --interval\n");
      return false;
    }
    options.duration_ms = d->count();
    options.interval_ms = i->count();
    // Pinned once, so that every pass over the workload in this run has the same timestamps.
    if (options.end_ms == 0) options.end_ms = bench::Workload(options).last_time_ms();
    return true;
  }
};

// One series' samples from a group of consecutive scrapes.
struct SeriesRun {
  uint32_t series;
  std::span<const storage::Sample> samples;
};

// Walks the workload `scrapes_per_batch` scrapes at a time, in time order.
// Within a group each series' samples travel together (as a remote-write
// TimeSeries or an append's SeriesSamples carries them), cut into batches of
// about `batch_samples` samples: fn(workload, span of runs).
template <class Fn>
void for_each_batch(const bench::WorkloadOptions& options, uint32_t scrapes_per_batch, uint32_t batch_samples,
                    Fn&& fn) {
  bench::Workload workload(options);
  std::vector<bench::WorkloadPoint> points;
  std::vector<storage::Sample> samples;
  std::vector<SeriesRun> runs;
  bool more = true;
  while (more) {
    points.clear();
    for (uint32_t i = 0; i < std::max(1u, scrapes_per_batch) && (more = workload.next_scrape(points)); ++i) {
    }
    if (points.empty()) break;
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.series < b.series; });
    samples.resize(points.size());
    for (size_t i = 0; i < points.size(); ++i) samples[i] = {points[i].t, points[i].v};
    runs.clear();
    size_t in_batch = 0;
    for (size_t i = 0; i < points.size();) {
      size_t j = i;
      while (j < points.size() && points[j].series == points[i].series) ++j;
      runs.push_back({points[i].series, std::span(samples).subspan(i, j - i)});
      in_batch += j - i;
      i = j;
      if (in_batch >= batch_samples || i == points.size()) {
        fn(workload, std::span<const SeriesRun>(runs));
        runs.clear();
        in_batch = 0;
      }
    }
  }
}

// Appends the workload in batches, timing only the append calls (wall and
// this thread's CPU time). `series` holds each series' labels by id, built
// beforehand so that building them is neither timed nor counted in the
// storage's memory.
struct IngestResult {
  uint64_t appended = 0;
  uint64_t rejected = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  std::string first_error;
};
IngestResult ingest(storage::Appender& appender, const WorkloadFlags& flags,
                    std::vector<storage::SeriesSamples>& series) {
  IngestResult result;
  std::vector<storage::SeriesSamples> batch;
  for_each_batch(flags.options, flags.scrapes_per_batch, flags.batch,
                 [&](bench::Workload&, std::span<const SeriesRun> runs) {
                   batch.clear();
                   for (const SeriesRun& run : runs) {
                     storage::SeriesSamples& s = series[run.series];
                     s.samples.assign(run.samples.begin(), run.samples.end());
                     batch.push_back(std::move(s));
                   }
                   const auto start = Clock::now();
                   const double cpu_start = thread_cpu_seconds();
                   auto outcome = appender.append(batch);
                   result.cpu_seconds += thread_cpu_seconds() - cpu_start;
                   result.seconds += seconds_since(start);
                   if (!outcome) {
                     if (result.first_error.empty()) result.first_error = outcome.error().message;
                     for (const SeriesRun& run : runs) result.rejected += run.samples.size();
                   } else {
                     result.appended += outcome->appended;
                     result.rejected += outcome->rejects.size();
                     if (result.first_error.empty()) result.first_error = outcome->first_error;
                   }
                   for (size_t i = 0; i < runs.size(); ++i) series[runs[i].series] = std::move(batch[i]);
                 });
  return result;
}

void print_ingest(const char* prefix, const IngestResult& r) {
  if (r.rejected > 0) {
    std::fprintf(stderr, "%s: rejected %llu samples: %s\n", prefix, static_cast<unsigned long long>(r.rejected),
                 r.first_error.c_str());
  }
  const std::string p(prefix);
  print((p + "_seconds").c_str(), r.seconds);
  print((p + "_cpu_seconds").c_str(), r.cpu_seconds);
  print((p + "_appended").c_str(), r.appended);
  print((p + "_rejected").c_str(), r.rejected);
  print((p + "_samples_per_s").c_str(), static_cast<double>(r.appended) / r.seconds);
  print((p + "_samples_per_cpu_s").c_str(), static_cast<double>(r.appended) / r.cpu_seconds);
}

// What compact_on_disk() and scan_all_samples() do, printed with the results.
constexpr const char* kCompactedState = "blocks written by Database::flush_head() and an empty WAL";
constexpr const char* kScanPath = "Database::querier(), one metric name at a time";

// Makes the data compact on disk: the whole head written into immutable
// blocks, the head and WAL truncated.
Result<void> compact_on_disk(storage::Database& db) { return db.flush_head(); }

// Reads back every sample of every series through the query path, one metric
// name at a time as the peers are queried, and counts the samples that are
// not staleness markers (what count_over_time counts on the peers).
Result<uint64_t> scan_all_samples(storage::Database& db, int64_t mint, int64_t maxt) {
  const storage::Querier querier = db.querier(mint, maxt);
  auto names = querier.label_values(storage::kMetricNameLabel, {});
  if (!names) return std::unexpected(names.error());
  uint64_t samples = 0;
  for (const std::string& name : *names) {
    auto matcher = storage::index::Matcher::make(storage::index::Matcher::Type::equal,
                                                 std::string(storage::kMetricNameLabel), name);
    if (!matcher) return std::unexpected(matcher.error());
    auto selected = querier.select(std::span(&*matcher, 1));
    if (!selected) return std::unexpected(selected.error());
    for (const storage::SeriesData& series : *selected) {
      for (const storage::Sample& s : series.samples) samples += !storage::is_stale_nan(s.v);
    }
  }
  return samples;
}

int run_vigil(const WorkloadFlags& flags, const std::string& dir, const std::string& fsync) {
  storage::DatabaseOptions db_options;
  // No background cutting while appends are timed: compact_on_disk() writes the blocks.
  db_options.maintenance_interval = std::chrono::milliseconds(0);
  if (fsync == "always")
    db_options.wal.fsync = storage::wal::WalOptions::Fsync::always;
  else if (fsync == "never")
    db_options.wal.fsync = storage::wal::WalOptions::Fsync::never;
  if (std::filesystem::exists(dir) && !std::filesystem::is_empty(dir)) {
    std::fprintf(stderr, "storage_compare: %s is not empty\n", dir.c_str());
    return 1;
  }

  // Generate once without storing: the totals, and every series' labels.
  uint64_t samples = 0, stale_markers = 0;
  std::vector<storage::SeriesSamples> series;
  const auto generate_start = Clock::now();
  for_each_batch(flags.options, flags.scrapes_per_batch, flags.batch,
                 [&](bench::Workload& w, std::span<const SeriesRun> runs) {
                   for (const SeriesRun& run : runs) {
                     samples += run.samples.size();
                     for (const storage::Sample& s : run.samples) stale_markers += storage::is_stale_nan(s.v);
                     while (series.size() <= run.series)
                       series.push_back({w.labels(static_cast<uint32_t>(series.size())), {}});
                   }
                 });
  const bench::Workload shape(flags.options);
  print("series_active", uint64_t{flags.options.series});
  print("series_total", uint64_t{series.size()});
  print("samples", samples);
  print("stale_markers", stale_markers);
  print("first_ms", static_cast<uint64_t>(shape.first_time_ms()));
  print("last_ms", static_cast<uint64_t>(shape.last_time_ms()));
  print("generate_seconds", seconds_since(generate_start));
  std::fflush(stdout);

  // The driver's own buffers are sized before the baseline so that only
  // the storage's growth is measured: each series' sample vector holds a
  // batch's worth.
  for (auto& s : series) s.samples.reserve(std::max(1u, flags.scrapes_per_batch) + 1);
  malloc_trim(0);
  const uint64_t rss_before = rss_bytes();
  const uint64_t heap_before = heap_in_use();
  auto db = storage::Database::open(dir, db_options);
  if (!db) {
    std::fprintf(stderr, "storage_compare: %s\n", db.error().message.c_str());
    return 1;
  }
  print_ingest("ingest", ingest((*db)->appender(), flags, series));
  // The head packs closed chunks in the background and returns freed pages
  // after a second without work; memory is read once it has caught up and
  // settled (the Go peers' is read 10 s after ingest).
  const auto pack_start = Clock::now();
  (*db)->head().wait_for_packing();
  print("pack_wait_seconds", seconds_since(pack_start));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const uint64_t rss_after = rss_bytes();
  malloc_trim(0);
  const uint64_t rss_trimmed = rss_bytes();
  print("rss_before_bytes", rss_before);
  print("rss_after_bytes", rss_after);
  print("rss_after_trim_bytes", rss_trimmed);
  print("rss_bytes_per_active_series", static_cast<double>(rss_after - rss_before) / flags.options.series);
  print("rss_trimmed_bytes_per_active_series", static_cast<double>(rss_trimmed - rss_before) / flags.options.series);
  // How much of that malloc hands out (the rest: its free holes' pages, and
  // the storage's other mappings).
  print("heap_in_use_bytes_per_active_series",
        static_cast<double>(heap_in_use() - heap_before) / flags.options.series);
  std::fflush(stdout);

  const auto compact_start = Clock::now();
  if (auto compacted = compact_on_disk(**db); !compacted) {
    std::fprintf(stderr, "storage_compare: compaction: %s\n", compacted.error().message.c_str());
    return 1;
  }
  print("compact_seconds", seconds_since(compact_start));
  print("compacted_state", kCompactedState);
  const uint64_t disk = dir_bytes(dir);
  print("disk_bytes", disk);
  print("disk_bytes_per_sample", static_cast<double>(disk) / static_cast<double>(samples));
  std::fflush(stdout);

  const auto scan_start = Clock::now();
  auto scanned = scan_all_samples(**db, shape.first_time_ms() - flags.options.interval_ms,
                                  shape.last_time_ms() + flags.options.interval_ms);
  if (!scanned) {
    std::fprintf(stderr, "storage_compare: scan: %s\n", scanned.error().message.c_str());
    return 1;
  }
  print("scan_seconds", seconds_since(scan_start));
  print("scan_path", kScanPath);
  print("scan_samples", *scanned);
  std::fflush(stdout);
  if (auto closed = (*db)->close(); !closed) {
    std::fprintf(stderr, "storage_compare: close: %s\n", closed.error().message.c_str());
    return 1;
  }
  db->reset();

  // The head alone, without the WAL: the in-process append throughput on one core.
  storage::head::Head head(storage::head::HeadOptions{});
  print_ingest("head_only", ingest(head, flags, series));
  return 0;
}

// With `pre_encode`, every request is generated, encoded and compressed
// before the clock starts, so that the sender's work does not share the
// cores with the receiver's while it is timed (bench/ingest/compare.sh).
int run_remote_write(const WorkloadFlags& flags, const std::string& url_text, unsigned connections, bool pre_encode) {
  auto url = bench::parse_remote_write_url(url_text);
  if (!url) {
    std::fprintf(stderr, "storage_compare: %s\n", url.error().message.c_str());
    return 1;
  }
  auto sender = bench::RemoteWriteSender::connect(*url, connections);
  if (!sender) {
    std::fprintf(stderr, "storage_compare: %s\n", sender.error().message.c_str());
    return 1;
  }
  const unsigned shards = (*sender)->connections();
  std::vector<std::string> labels;  // encoded, by series id
  std::vector<ingest::remote_write::WriteRequestEncoder> encoders(shards);
  std::optional<Error> failed;
  struct Prepared {
    unsigned shard;
    std::string body;
    size_t samples;
  };
  std::vector<Prepared> prepared;
  auto start = Clock::now();
  const auto flush = [&](unsigned shard) {
    const size_t n = encoders[shard].samples();
    if (n == 0 || failed) return;
    if (pre_encode) {
      prepared.push_back({shard, encoders[shard].take_compressed(), n});
      return;
    }
    if (auto sent = (*sender)->send(shard, encoders[shard].take_compressed(), n); !sent) failed = sent.error();
  };
  // Series are sharded over the connections by id, so each series' samples arrive in order.
  for_each_batch(
      flags.options, flags.scrapes_per_batch, UINT32_MAX, [&](bench::Workload& w, std::span<const SeriesRun> runs) {
        for (const SeriesRun& run : runs) {
          while (labels.size() <= run.series) {
            labels.push_back(ingest::remote_write::WriteRequestEncoder::encode_labels(w.labels(static_cast<uint32_t>(labels.size()))));
          }
          const unsigned shard = run.series % shards;
          encoders[shard].add(labels[run.series], run.samples);
          if (encoders[shard].samples() >= flags.batch) flush(shard);
        }
        for (unsigned s = 0; s < shards; ++s) flush(s);
      });
  if (pre_encode) {
    start = Clock::now();
    for (Prepared& request : prepared) {
      if (failed) break;
      if (auto sent = (*sender)->send(request.shard, std::move(request.body), request.samples); !sent) {
        failed = sent.error();
      }
    }
  }
  auto stats = (*sender)->finish();
  const double seconds = seconds_since(start);
  if (failed || !stats) {
    std::fprintf(stderr, "storage_compare: remote write: %s\n", (failed ? *failed : stats.error()).message.c_str());
    return 1;
  }
  print("samples", stats->samples);
  print("requests", stats->requests);
  print("compressed_bytes", stats->compressed_bytes);
  print("series_total", uint64_t{labels.size()});
  print("ingest_seconds", seconds);
  print("ingest_samples_per_s", static_cast<double>(stats->samples) / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Storage benchmark driver: one workload into Vigil in-process or a peer over remote write"};
  app.require_subcommand(1);

  WorkloadFlags vigil_flags;
  std::string dir, fsync = "interval";
  CLI::App* vigil_cmd = app.add_subcommand("vigil", "ingest, measure memory and disk, and scan, in-process");
  vigil_cmd->add_option("--data", dir, "empty data directory")->required();
  vigil_cmd->add_option("--fsync", fsync, "WAL fsync policy: always, interval (1 s), never")
      ->check(CLI::IsMember({"always", "interval", "never"}))
      ->capture_default_str();
  vigil_flags.add_to(*vigil_cmd);

  WorkloadFlags rw_flags;
  std::string url;
  unsigned connections = 2;
  bool pre_encode = false;
  CLI::App* rw_cmd = app.add_subcommand("remote-write", "send the workload to a remote-write receiver");
  rw_cmd->add_option("--url", url, "http://127.0.0.1:PORT/api/v1/write")->required();
  rw_cmd->add_option("--connections", connections, "concurrent connections")->capture_default_str();
  rw_cmd->add_flag("--pre-encode", pre_encode, "encode every request before timing the sending");
  rw_flags.add_to(*rw_cmd);

  CLI11_PARSE(app, argc, argv);
  if (vigil_cmd->parsed()) return vigil_flags.resolve() ? run_vigil(vigil_flags, dir, fsync) : 2;
  return rw_flags.resolve() ? run_remote_write(rw_flags, url, connections, pre_encode) : 2;
}
