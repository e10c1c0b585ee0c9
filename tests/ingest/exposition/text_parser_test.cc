#include "ingest/exposition/text_parser.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <string>
#include <vector>

namespace vigil::ingest::exposition {
namespace {

struct Sample {
  std::string name;
  std::vector<std::pair<std::string, std::string>> labels;
  double value;
  std::optional<int64_t> timestamp_ms;
  std::vector<std::pair<std::string, std::string>> exemplar_labels;
  std::optional<double> exemplar_value;
  std::optional<int64_t> exemplar_timestamp_ms;
  size_t line;
};

struct Recorder : ParseSink {
  std::vector<std::string> meta;
  std::vector<Sample> samples;

  void on_type(std::string_view family, MetricType type) override {
    meta.push_back("TYPE " + std::string(family) + " " + to_string(type));
  }
  void on_help(std::string_view family, std::string_view help) override {
    meta.push_back("HELP " + std::string(family) + " " + std::string(help));
  }
  void on_unit(std::string_view family, std::string_view unit) override {
    meta.push_back("UNIT " + std::string(family) + " " + std::string(unit));
  }
  void on_sample(const SampleView& s) override {
    Sample out{std::string(s.name), {}, s.value, s.timestamp_ms, {}, {}, {}, s.line};
    for (const LabelView& l : s.labels) out.labels.emplace_back(l.name, l.value);
    if (s.exemplar) {
      for (const LabelView& l : s.exemplar->labels) out.exemplar_labels.emplace_back(l.name, l.value);
      out.exemplar_value = s.exemplar->value;
      out.exemplar_timestamp_ms = s.exemplar->timestamp_ms;
    }
    samples.push_back(std::move(out));
  }
};

Recorder parse_ok(std::string_view input, Format format = Format::prometheus_text) {
  Recorder recorder;
  TextParser parser;
  auto parsed = parser.parse(input, format, recorder);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return recorder;
}

std::string parse_error(std::string_view input, Format format = Format::prometheus_text) {
  Recorder recorder;
  TextParser parser;
  auto parsed = parser.parse(input, format, recorder);
  if (parsed) return "(parsed)";
  return parsed.error().message;
}

using Labels = std::vector<std::pair<std::string, std::string>>;

TEST(TextFormat, SamplesWithMetadataLabelsAndTimestamps) {
  auto r = parse_ok(
      "# HELP http_requests_total The total number of HTTP requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n"
      "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n"
      "\n"
      "# A plain comment.\n"
      "metric_without_timestamp_and_labels 12.47\n"
      "  indented{a=\"b\",} 1 \n"
      "spaced { a = \"b\" , c=\"d\" } 2\n");
  EXPECT_EQ(r.meta, (std::vector<std::string>{"HELP http_requests_total The total number of HTTP requests.",
                                              "TYPE http_requests_total counter"}));
  ASSERT_EQ(r.samples.size(), 5u);
  EXPECT_EQ(r.samples[0].name, "http_requests_total");
  EXPECT_EQ(r.samples[0].labels, (Labels{{"method", "post"}, {"code", "200"}}));
  EXPECT_EQ(r.samples[0].value, 1027);
  EXPECT_EQ(r.samples[0].timestamp_ms, 1395066363000);
  EXPECT_EQ(r.samples[0].line, 3u);
  EXPECT_EQ(r.samples[1].value, 3);
  EXPECT_EQ(r.samples[2].labels, Labels{});
  EXPECT_FALSE(r.samples[2].timestamp_ms);
  EXPECT_EQ(r.samples[2].line, 7u);
  EXPECT_EQ(r.samples[3].labels, (Labels{{"a", "b"}}));
  EXPECT_EQ(r.samples[4].labels, (Labels{{"a", "b"}, {"c", "d"}}));
}

TEST(TextFormat, EscapesInLabelValuesAndHelp) {
  auto r = parse_ok(
      "# HELP m A \\\\ backslash, a\\nnewline and a \\\"kept\\\" quote escape\n"
      "m{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",odd=\"\\q\"} 1.458255915e9\n");
  EXPECT_EQ(r.meta[0], "HELP m A \\ backslash, a\nnewline and a \\\"kept\\\" quote escape");
  ASSERT_EQ(r.samples.size(), 1u);
  EXPECT_EQ(r.samples[0].labels,
            (Labels{{"path", "C:\\DIR\\FILE.TXT"}, {"error", "Cannot find file:\n\"FILE.TXT\""}, {"odd", "\\q"}}));
  EXPECT_EQ(r.samples[0].value, 1.458255915e9);
}

TEST(TextFormat, ValuesAsGoParsesThem) {
  auto r = parse_ok("a NaN\nb +Inf\nc -Inf\nd Inf\ne -0\nf 0x1p3\ng 1e-3\nh .5\ni +7\nj infinity\nk nan\n");
  ASSERT_EQ(r.samples.size(), 11u);
  EXPECT_EQ(std::bit_cast<uint64_t>(r.samples[0].value), 0x7ff8000000000001u);  // Go's math.NaN()
  EXPECT_EQ(r.samples[1].value, INFINITY);
  EXPECT_EQ(r.samples[2].value, -INFINITY);
  EXPECT_EQ(r.samples[3].value, INFINITY);
  EXPECT_TRUE(std::signbit(r.samples[4].value));
  EXPECT_EQ(r.samples[5].value, 8);
  EXPECT_EQ(r.samples[6].value, 0.001);
  EXPECT_EQ(r.samples[7].value, 0.5);
  EXPECT_EQ(r.samples[8].value, 7);
  EXPECT_EQ(r.samples[9].value, INFINITY);
  EXPECT_TRUE(std::isnan(r.samples[10].value));
}

TEST(TextFormat, NoFinalNewlineAndWindowsLineEnds) {
  auto r = parse_ok("a 1\r\nb 2");
  ASSERT_EQ(r.samples.size(), 2u);
  EXPECT_EQ(r.samples[1].value, 2);
}

TEST(TextFormat, TypesOfTheTextFormat) {
  auto r = parse_ok("# TYPE a gauge\n# TYPE b histogram\n# TYPE c summary\n# TYPE d untyped\n# TYPE e counter\n");
  EXPECT_EQ(r.meta, (std::vector<std::string>{"TYPE a gauge", "TYPE b histogram", "TYPE c summary", "TYPE d unknown",
                                              "TYPE e counter"}));
}

TEST(TextFormat, ErrorsNameTheLineColumnAndProblem) {
  EXPECT_EQ(parse_error("ok 1\nmissing_value\n"), "line 2, column 14: expected a value, found the end of the line");
  EXPECT_EQ(parse_error("m abc\n"), "line 1, column 3: \"abc\" is not a number");
  EXPECT_EQ(parse_error("m{1a=\"x\"} 1\n"), "line 1, column 3: expected a label name or \"}\", found \"1a=\"x\"} 1\"");
  EXPECT_EQ(parse_error("m{a=\"x} 1\n"), "line 1, column 5: label value has no closing quote");
  EXPECT_EQ(parse_error("m{a=\"x\",a=\"y\"} 1\n"), "line 1, column 9: duplicate label name \"a\"");
  EXPECT_EQ(parse_error("m{a=\"\xff\"} 1\n"), "line 1, column 5: label \"a\" has a value that is not valid UTF-8");
  EXPECT_EQ(parse_error("m 1 12.5\n"), "line 1, column 5: timestamp \"12.5\" is not an integer number of milliseconds");
  EXPECT_EQ(parse_error("m 1 99999999999999999999\n"),
            "line 1, column 5: timestamp \"99999999999999999999\" is not an integer number of milliseconds");
  EXPECT_EQ(parse_error("m 1 2 3\n"), "line 1, column 7: unexpected \"3\" after the value");
  EXPECT_EQ(parse_error("# TYPE m gaugehistogram\n"), "line 1, column 10: unknown metric type \"gaugehistogram\"");
  EXPECT_EQ(parse_error("# TYPE m counter\n# TYPE m counter\n"),
            "line 2, column 8: second TYPE line for metric name \"m\"");
  EXPECT_EQ(parse_error("# TYPE m counter extra\n"), "line 1, column 18: unexpected \"extra\" after the metric type");
  EXPECT_EQ(parse_error("m{a=\"b\" b=\"c\"} 1\n"),
            "line 1, column 9: expected \",\" or \"}\" after a label, found \"b=\"c\"} 1\"");
  EXPECT_EQ(parse_error("m{a=b} 1\n"), "line 1, column 5: expected a quoted label value, found \"b} 1\"");
  EXPECT_EQ(parse_error("1m 1\n"), "line 1, column 1: expected a metric name, found \"1m 1\"");
  EXPECT_EQ(parse_error("m1- 1\n"), "line 1, column 3: unexpected \"- 1\" after the metric name");
  EXPECT_EQ(parse_error("m ++1\n"), "line 1, column 3: \"++1\" is not a number");
  EXPECT_EQ(parse_error("m 1e999\n"), "line 1, column 3: \"1e999\" is not a number");
}

// Label values are scanned eight bytes at a time: quotes, escapes and
// non-ASCII bytes at every offset of a word must be found.
TEST(TextFormat, LabelValuesOfEveryLengthAndOffset) {
  for (size_t length = 0; length < 40; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      std::string plain(length, 'x');
      auto r = parse_ok("m{a=\"" + plain + "\"} 1\n");
      ASSERT_EQ(r.samples.at(0).labels, (Labels{{"a", plain}})) << length;
      if (at == length) continue;
      std::string escaped = plain;
      escaped.replace(at, 1, "\\\"");
      std::string unescaped = plain;
      unescaped[at] = '"';
      r = parse_ok("m{a=\"" + escaped + "\"} 1\n");
      ASSERT_EQ(r.samples.at(0).labels, (Labels{{"a", unescaped}})) << length << " " << at;
      std::string accented = plain;
      accented.replace(at, 1, "\xc3\xa9");
      r = parse_ok("m{a=\"" + accented + "\"} 1\n");
      ASSERT_EQ(r.samples.at(0).labels, (Labels{{"a", accented}})) << length << " " << at;
      std::string invalid = plain;
      invalid[at] = '\xff';
      EXPECT_EQ(parse_error("m{a=\"" + invalid + "\"} 1\n"),
                "line 1, column 5: label \"a\" has a value that is not valid UTF-8")
          << length << " " << at;
    }
  }
}

TEST(TextFormat, ExemplarsAreNotPartOfTheTextFormat) {
  EXPECT_EQ(parse_error("m 1 # {a=\"b\"} 1\n"), "line 1, column 5: unexpected \"# {a=\"b\"} 1\" after the value");
}

TEST(OpenMetrics, SamplesMetadataExemplarsAndEof) {
  auto r = parse_ok(
      "# TYPE acme_http_router_request_seconds summary\n"
      "# UNIT acme_http_router_request_seconds seconds\n"
      "# HELP acme_http_router_request_seconds Latency \\\"quoted\\\" through the router.\n"
      "acme_http_router_request_seconds_sum{path=\"/api/v1\",method=\"GET\"} 9036.32\n"
      "acme_http_router_request_seconds_count{path=\"/api/v1\",method=\"GET\"} 807283.0 1520879607.789\n"
      "acme_http_router_request_seconds_created{path=\"/api/v1\",method=\"GET\"} 1605281325.0\n"
      "# TYPE foo histogram\n"
      "foo_bucket{le=\"0.01\"} 0\n"
      "foo_bucket{le=\"+Inf\"} 17 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879607.7\n"
      "# TYPE g gaugehistogram\n"
      "# TYPE s stateset\n"
      "# TYPE i info\n"
      "# TYPE u unknown\n"
      "# EOF\n",
      Format::openmetrics);
  EXPECT_EQ(r.meta, (std::vector<std::string>{
                        "TYPE acme_http_router_request_seconds summary",
                        "UNIT acme_http_router_request_seconds seconds",
                        "HELP acme_http_router_request_seconds Latency \"quoted\" through the router.",
                        "TYPE foo histogram", "TYPE g gaugehistogram", "TYPE s stateset", "TYPE i info",
                        "TYPE u unknown"}));
  ASSERT_EQ(r.samples.size(), 5u);
  EXPECT_EQ(r.samples[1].timestamp_ms, 1520879607789);
  EXPECT_EQ(r.samples[2].name, "acme_http_router_request_seconds_created");
  EXPECT_EQ(r.samples[2].value, 1605281325.0);
  EXPECT_EQ(r.samples[4].labels, (Labels{{"le", "+Inf"}}));
  EXPECT_EQ(r.samples[4].exemplar_labels, (Labels{{"trace_id", "KOO5S4vxi0o"}}));
  EXPECT_EQ(r.samples[4].exemplar_value, 0.67);
  EXPECT_EQ(r.samples[4].exemplar_timestamp_ms, 1520879607700);
  EXPECT_FALSE(r.samples[3].exemplar_value);
}

TEST(OpenMetrics, ErrorsOfTheOpenMetricsGrammar) {
  EXPECT_EQ(parse_error("m 1\n", Format::openmetrics), "line 1: OpenMetrics input must end with \"# EOF\"");
  EXPECT_EQ(parse_error("m 1\n# EOF\nm 2\n", Format::openmetrics), "line 3, column 1: content after \"# EOF\"");
  EXPECT_EQ(parse_error("m 1\n\n# EOF\n", Format::openmetrics),
            "line 2, column 1: empty line (OpenMetrics has none)");
  EXPECT_EQ(parse_error("# a comment\n# EOF\n", Format::openmetrics),
            "line 1, column 3: expected HELP, TYPE, UNIT or EOF after \"#\"");
  EXPECT_EQ(parse_error("# TYPE m untyped\n# EOF\n", Format::openmetrics),
            "line 1, column 10: unknown metric type \"untyped\"");
  EXPECT_EQ(parse_error("m 1 abc\n# EOF\n", Format::openmetrics),
            "line 1, column 5: timestamp \"abc\" is not a number of seconds");
  EXPECT_EQ(parse_error("m 1 # x\n# EOF\n", Format::openmetrics),
            "line 1, column 7: expected \"{\" to start an exemplar, found \"x\"");
  EXPECT_EQ(parse_error("m 1 # {a=\"b\"} zz\n# EOF\n", Format::openmetrics),
            "line 1, column 15: exemplar value \"zz\" is not a number");
  EXPECT_EQ(parse_error("m 1 NaN\n# EOF\n", Format::openmetrics),
            "line 1, column 5: timestamp \"NaN\" is not a number of seconds");
}

TEST(TextParser, ReusedAcrossInputs) {
  TextParser parser;
  Recorder first, second;
  ASSERT_TRUE(parser.parse("# TYPE m counter\nm{a=\"\\\\\"} 1\n", Format::prometheus_text, first));
  // The TYPE seen in the first input does not make the second's a duplicate.
  ASSERT_TRUE(parser.parse("# TYPE m counter\nm{a=\"x\"} 2\n", Format::prometheus_text, second));
  EXPECT_EQ(first.samples[0].labels, (Labels{{"a", "\\"}}));
  EXPECT_EQ(second.samples[0].labels, (Labels{{"a", "x"}}));
}

}  // namespace
}  // namespace vigil::ingest::exposition
