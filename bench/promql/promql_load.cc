// The loader of bench/promql/compare.sh: sends the node fleet's data
// (node_fleet.h) to one remote-write receiver, one scrape after the other so
// that every receiver sees samples in time order, and prints key=value lines
// for the script (samples, series, first and last sample time).
//
//   promql_load --url http://127.0.0.1:PORT/api/v1/write --series 10000 --duration 2h --interval 15s
//               --end-ms MS --seed 1

#include <CLI/CLI.hpp>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "bench/promql/node_fleet.h"
#include "bench/storage/remote_write_client.h"
#include "core/duration.h"
#include "ingest/remote_write/write_request_encoder.h"

namespace {

using namespace vigil;

int run(bench::NodeFleetOptions options, const std::string& url_text, unsigned connections, size_t batch) {
  auto url = bench::parse_remote_write_url(url_text);
  if (!url) {
    std::fprintf(stderr, "promql_load: %s\n", url.error().message.c_str());
    return 1;
  }
  auto sender = bench::RemoteWriteSender::connect(*url, connections);
  if (!sender) {
    std::fprintf(stderr, "promql_load: %s\n", sender.error().message.c_str());
    return 1;
  }
  bench::NodeFleet fleet(options);
  std::vector<std::string> labels(fleet.series());
  for (uint32_t id = 0; id < fleet.series(); ++id) {
    labels[id] = ingest::remote_write::WriteRequestEncoder::encode_labels(fleet.labels(id));
  }
  const unsigned shards = (*sender)->connections();
  std::vector<ingest::remote_write::WriteRequestEncoder> encoders(shards);
  int64_t first_ms = std::numeric_limits<int64_t>::max(), last_ms = std::numeric_limits<int64_t>::min();
  bool failed = false;
  const auto flush = [&](unsigned shard) {
    const size_t n = encoders[shard].samples();
    if (n == 0 || failed) return;
    if (auto sent = (*sender)->send(shard, encoders[shard].take_compressed(), n); !sent) failed = true;
  };
  // Series are sharded over the connections by id, so each series' samples arrive in order.
  std::vector<storage::Sample> scrape;
  while (!failed && fleet.next_scrape(scrape)) {
    for (uint32_t id = 0; id < scrape.size(); ++id) {
      first_ms = std::min(first_ms, scrape[id].t);
      last_ms = std::max(last_ms, scrape[id].t);
      const unsigned shard = id % shards;
      encoders[shard].add(labels[id], std::span(&scrape[id], 1));
      if (encoders[shard].samples() >= batch) flush(shard);
    }
    for (unsigned s = 0; s < shards; ++s) flush(s);
  }
  auto stats = (*sender)->finish();
  if (!stats) {
    std::fprintf(stderr, "promql_load: remote write: %s\n", stats.error().message.c_str());
    return 1;
  }
  std::printf("samples=%llu\nseries=%u\nrequests=%llu\nfirst_ms=%lld\nlast_ms=%lld\n",
              static_cast<unsigned long long>(stats->samples), fleet.series(),
              static_cast<unsigned long long>(stats->requests), static_cast<long long>(first_ms),
              static_cast<long long>(last_ms));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"PromQL benchmark loader: the node fleet's samples to one remote-write receiver"};
  bench::NodeFleetOptions options;
  std::string url, duration = "2h", interval = "15s";
  uint32_t series = 10'000;
  unsigned connections = 2;
  size_t batch = 5'000;
  app.add_option("--url", url, "http://127.0.0.1:PORT/api/v1/write")->required();
  app.add_option("--series", series, "series in all (a multiple of 100: 100 per host)")->capture_default_str();
  app.add_option("--duration", duration, "time range of the data")->capture_default_str();
  app.add_option("--interval", interval, "scrape interval")->capture_default_str();
  app.add_option("--end-ms", options.end_ms, "grid time of the last scrape, ms since the epoch")->required();
  app.add_option("--seed", options.seed, "data seed")->capture_default_str();
  app.add_option("--connections", connections, "concurrent connections")->capture_default_str();
  app.add_option("--batch", batch, "samples per request")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto d = parse_duration(duration);
  auto i = parse_duration(interval);
  if (!d || !i || i->count() <= 0 || series == 0 || series % bench::kSeriesPerHost != 0) {
    std::fprintf(stderr, "promql_load: bad --duration, --interval or --series\n");
    return 2;
  }
  options.duration_ms = d->count();
  options.interval_ms = i->count();
  options.hosts = series / bench::kSeriesPerHost;
  return run(options, url, connections, batch);
}
