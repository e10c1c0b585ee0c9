// The runner's storage handling and skips, which hold whatever the engine
// does.

#include "promql/conformance/script_runner.h"

#include <gtest/gtest.h>

#include <cmath>

#include "promql/conformance/test_storage.h"

namespace vigil::promql::conformance {
namespace {

script::Script script_of(std::string_view text) {
  auto script = script::read_script(text, "t.test");
  EXPECT_TRUE(script) << script.error().message;
  return script ? *std::move(script) : script::Script{};
}

TEST(TestStorage, LoadStoresEverySampleStaleMarkersIncluded) {
  auto storage = TestStorage::create();
  ASSERT_TRUE(storage) << storage.error().message;
  const script::Script script = script_of("load 1m\n  foo{a=\"1\"} 1 _ stale 4\n");
  ASSERT_TRUE((*storage)->load(std::get<script::Load>(script.commands[0])));
  auto matcher = storage::index::Matcher::make(storage::index::Matcher::Type::equal, "__name__", "foo");
  ASSERT_TRUE(matcher);
  auto series = (*storage)->database().querier(0, 600000).select(std::span(&*matcher, 1));
  ASSERT_TRUE(series) << series.error().message;
  ASSERT_EQ(series->size(), 1u);
  const std::vector<storage::Sample>& samples = series->front().samples;
  ASSERT_EQ(samples.size(), 3u);
  EXPECT_EQ(samples[0].t, 0);
  EXPECT_EQ(samples[1].t, 120000);
  EXPECT_TRUE(storage::is_stale_nan(samples[1].v));
  EXPECT_EQ(samples[2].v, 4);
}

TEST(TestStorage, TheDirectoryGoesWithTheStorage) {
  std::string dir;
  {
    auto storage = TestStorage::create();
    ASSERT_TRUE(storage) << storage.error().message;
    dir = (*storage)->database().dir();
    EXPECT_TRUE(std::filesystem::is_directory(dir));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(RunScript, AnOlderSampleInALaterLoadStopsTheFileAsUpstream) {
  const FileReport report =
      run_script(script_of("load 1m\n  foo 1 2\n\nload 1m\n  foo 0\n\neval instant at 1m foo\n  foo 2\n"), {});
  ASSERT_TRUE(report.error);
  EXPECT_TRUE(report.error->starts_with("load at line 4 failed")) << *report.error;
  ASSERT_EQ(report.evals.size(), 1u);
  EXPECT_EQ(report.evals[0].status, EvalStatus::failed);
  EXPECT_EQ(report.evals[0].variant, "not run");
}

TEST(RunScript, ClearStartsAnEmptyStorageSoOlderSamplesLoadAgain) {
  const FileReport report = run_script(script_of("load 1m\n  foo 1 2\n\nclear\n\nload 1m\n  foo 0\n"), {});
  EXPECT_FALSE(report.error) << *report.error;
}

TEST(RunScript, NativeHistogramEvalsAreSkippedWithTheReason) {
  const FileReport report =
      run_script(script_of("load 1m\n  h {{schema:0 sum:1 count:1}}\n\neval instant at 1m h\n  {} 1\n"), {});
  EXPECT_FALSE(report.error) << *report.error;
  ASSERT_EQ(report.evals.size(), 1u);
  EXPECT_EQ(report.evals[0].status, EvalStatus::skipped);
  EXPECT_EQ(report.evals[0].detail, script::kNativeHistogramsUnsupported);
  EXPECT_EQ(report.count(EvalStatus::skipped), 1u);
}

TEST(UpstreamEngineOptions, AreTheDriversSettings) {
  const EngineOptions options = upstream_engine_options();
  EXPECT_EQ(options.lookback_delta_ms, 300000);
  EXPECT_EQ(options.default_subquery_step_ms, 60000);
  EXPECT_EQ(options.max_samples, 10000u);
  EXPECT_EQ(options.timeout, std::chrono::seconds(100));
}

}  // namespace
}  // namespace vigil::promql::conformance
