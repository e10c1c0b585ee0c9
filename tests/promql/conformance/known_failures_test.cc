// Reading, writing and checking known_failures.txt.

#include "promql/conformance/known_failures.h"

#include <gtest/gtest.h>

namespace vigil::promql::conformance {
namespace {

FileReport report() {
  FileReport r{.file = "a.test"};
  r.evals.push_back({3, "foo", EvalStatus::passed, "", ""});
  r.evals.push_back({5, "bar", EvalStatus::failed, "instant at 1m", "error evaluating query: nope\nsecond line"});
  r.evals.push_back({7, "baz", EvalStatus::skipped, "", "native histograms"});
  r.evals.push_back({9, "qux", EvalStatus::failed, "instant at 1m", "expected 1 for {} but got 2"});
  return r;
}

TEST(KnownFailures, WrittenListReadsBackAndMatches) {
  const std::vector<FileReport> reports{report()};
  const std::string text = format_known_failures(reports);
  EXPECT_NE(text.find("a.test:5  # instant at 1m: error evaluating query: nope second line\n"), std::string::npos)
      << text;
  auto known = parse_known_failures(text);
  ASSERT_TRUE(known) << known.error().message;
  EXPECT_EQ(known->size(), 2u);
  const KnownFailureMismatch mismatch = compare_with_known_failures(reports[0], *known);
  EXPECT_TRUE(mismatch.unlisted_failures.empty());
  EXPECT_TRUE(mismatch.no_longer_failing.empty());
}

TEST(KnownFailures, UnlistedFailuresAndListedPassesBothShow) {
  auto known = parse_known_failures("# header\n\na.test:3 # was broken\na.test:5\nb.test:5  # other file\n");
  ASSERT_TRUE(known) << known.error().message;
  EXPECT_EQ(known->at("a.test:3"), "was broken");
  const KnownFailureMismatch mismatch = compare_with_known_failures(report(), *known);
  EXPECT_EQ(mismatch.unlisted_failures, (std::vector<std::string>{"a.test:9"}));
  EXPECT_EQ(mismatch.no_longer_failing, (std::vector<std::string>{"a.test:3"}));
}

TEST(KnownFailures, ALineWithoutFileAndLineIsAnError) {
  EXPECT_FALSE(parse_known_failures("a.test\n"));
  EXPECT_FALSE(parse_known_failures("a.test:x # why\n"));
  EXPECT_FALSE(parse_known_failures(":4\n"));
}

}  // namespace
}  // namespace vigil::promql::conformance
