// Text-format parsing speed on a scrape body shaped like a busy service's:
// counters and histograms with a handful of labels, a few escaped values,
// HELP and TYPE lines per family. Target in the ingestion issue: 1 GB/s.

#include <benchmark/benchmark.h>

#include <string>

#include "ingest/exposition/text_parser.h"

namespace {

using namespace vigil::ingest::exposition;

std::string scrape_body(bool openmetrics) {
  std::string body;
  const char* methods[] = {"GET", "POST", "PUT", "DELETE"};
  const char* codes[] = {"200", "201", "400", "404", "500"};
  for (int family = 0; family < 40; ++family) {
    const std::string name = "service_http_requests_" + std::to_string(family);
    body += "# HELP " + name + "_total Requests handled, by handler, method and code.\n";
    body += "# TYPE " + name + (openmetrics ? " counter\n" : "_total counter\n");
    for (int handler = 0; handler < 10; ++handler) {
      for (const char* method : methods) {
        for (const char* code : codes) {
          body += name + "_total{handler=\"/api/v1/items/" + std::to_string(handler) + "\",method=\"" + method +
                  "\",code=\"" + code + "\",instance=\"10.0.3." + std::to_string(family) + ":8080\"} " +
                  std::to_string(family * 1000 + handler * 37 + code[0]) + "\n";
        }
      }
    }
    const std::string hist = "service_request_duration_seconds_" + std::to_string(family);
    body += "# HELP " + hist + " Request latency.\n# TYPE " + hist + " histogram\n";
    const char* bounds[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};
    for (int handler = 0; handler < 10; ++handler) {
      int cumulative = 0;
      for (const char* le : bounds) {
        cumulative += handler + 3;
        body += hist + "_bucket{handler=\"/api/v1/items/" + std::to_string(handler) + "\",le=\"" + le + "\"} " +
                std::to_string(cumulative) + "\n";
      }
      body += hist + "_sum{handler=\"/api/v1/items/" + std::to_string(handler) + "\"} 123.456789\n";
      body += hist + "_count{handler=\"/api/v1/items/" + std::to_string(handler) + "\"} " + std::to_string(cumulative) +
              "\n";
    }
  }
  body += "build_info{version=\"1.2.3\",path=\"C:\\\\srv\\\\app\",note=\"said \\\"hi\\\"\"} 1\n";
  if (openmetrics) body += "# EOF\n";
  return body;
}

struct Counter : ParseSink {
  size_t samples = 0;
  double sum = 0;
  void on_sample(const SampleView& s) override {
    ++samples;
    sum += s.value;
  }
};

void BM_ParseText(benchmark::State& state) {
  const bool openmetrics = state.range(0) == 1;
  const std::string body = scrape_body(openmetrics);
  TextParser parser;
  size_t samples = 0;
  for (auto _ : state) {
    Counter counter;
    auto parsed = parser.parse(body, openmetrics ? Format::openmetrics : Format::prometheus_text, counter);
    if (!parsed) state.SkipWithError(parsed.error().message.c_str());
    benchmark::DoNotOptimize(counter.sum);
    samples += counter.samples;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
  state.SetItemsProcessed(static_cast<int64_t>(samples));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}
// 0: Prometheus text format 0.0.4, 1: OpenMetrics.
BENCHMARK(BM_ParseText)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
