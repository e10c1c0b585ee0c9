// Parses one exposition file (Prometheus text format 0.0.4) with Vigil's
// parser and prints how fast, as the C++ side of
// bench/ingest/text_parse_compare.sh. Its Go peer, go_text_parse/main.go,
// takes the same flags, follows the same methodology (each run parses the
// file over and over for at least --min-time-ms; the figures are the median
// of --runs runs) and prints the same keys, so both read identical bytes and
// are measured alike. text_parse_bench.cc is the micro-benchmark on a
// generated body; this program is for comparing on any file.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ingest/exposition/text_parser.h"

namespace {

using namespace vigil::ingest::exposition;
using Clock = std::chrono::steady_clock;

// Counts samples and sums their values; the sum is stored into `kept` after
// each parse, so that the parse cannot be optimised away.
volatile double kept = 0;
struct Counter : ParseSink {
  size_t samples = 0;
  double sum = 0;
  void on_sample(const SampleView& s) override {
    ++samples;
    sum += s.value;
  }
};

double median(std::vector<double> xs) {
  std::ranges::sort(xs);
  const size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Vigil's text-format parser on one exposition file: median MB/s and samples/s"};
  std::string path;
  int runs = 5;
  int min_time_ms = 300;
  app.add_option("file", path, "exposition file (text format 0.0.4)")->required();
  app.add_option("--runs", runs, "timed runs; the median is printed")->check(CLI::PositiveNumber);
  app.add_option("--min-time-ms", min_time_ms, "shortest duration of one run, in milliseconds");
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "text_parse_file: cannot open %s\n", path.c_str());
    return 1;
  }
  const std::string body{std::istreambuf_iterator<char>(in), {}};

  TextParser parser;
  auto parse = [&] {
    Counter counter;
    if (auto parsed = parser.parse(body, Format::prometheus_text, counter); !parsed) {
      std::fprintf(stderr, "text_parse_file: %s\n", parsed.error().message.c_str());
      std::exit(1);
    }
    kept = counter.sum;
    return counter.samples;
  };
  const size_t per_parse = parse();  // also the warm-up

  std::vector<double> mb_per_s, samples_per_s;
  const auto min_time = std::chrono::milliseconds(min_time_ms);
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    size_t parses = 0;
    for (; Clock::now() - start < min_time; ++parses) parse();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    mb_per_s.push_back(static_cast<double>(parses * body.size()) / seconds / 1e6);
    samples_per_s.push_back(static_cast<double>(parses * per_parse) / seconds);
  }
  std::printf("parser=vigil TextParser\nbytes=%zu\nsamples=%zu\nmb_per_s=%.1f\nsamples_per_s=%.0f\n", body.size(),
              per_parse, median(mb_per_s), median(samples_per_s));
}
