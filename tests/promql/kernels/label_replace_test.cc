#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

storage::LabelSet labels(std::vector<storage::Label> l) { return *storage::LabelSet::from(std::move(l)); }

const storage::LabelSet kTestMetric =
    labels({{"__name__", "testmetric"}, {"src", "source-value-10"}, {"dst", "original-destination-value"}});

storage::LabelSet replace(const storage::LabelSet& in, std::string dst, std::string replacement, std::string src,
                          std::string regex) {
  auto replacer = LabelReplacer::make(std::move(dst), std::move(replacement), std::move(src), std::move(regex));
  EXPECT_TRUE(replacer.has_value()) << replacer.error().message;
  return replacer->apply(in);
}

storage::LabelSet with_dst(std::string value) {
  return labels({{"__name__", "testmetric"}, {"src", "source-value-10"}, {"dst", std::move(value)}});
}

TEST(LabelReplace, MatchesTheWholeValue) {
  EXPECT_EQ(replace(kTestMetric, "dst", "destination-value-$1", "src", "source-value-(.*)"),
            with_dst("destination-value-10"));
  EXPECT_EQ(replace(kTestMetric, "dst", "destination-value-$1", "src", "value-(.*)"), kTestMetric);
  EXPECT_EQ(replace(kTestMetric, "dst", "$1-value-$2", "src", "(.*)-value-(.*)"), with_dst("source-value-10"));
  // Alternatives are anchored as a group, not just the first and last.
  EXPECT_EQ(replace(kTestMetric, "dst", "x", "src", "source|10"), kTestMetric);
}

TEST(LabelReplace, MissingSourceIsTheEmptyString) {
  EXPECT_EQ(replace(kTestMetric, "dst", "value-$1", "nonexistent-src", "source-value-(.*)"), kTestMetric);
  EXPECT_EQ(replace(kTestMetric, "dst", "value-$1", "nonexistent-src", "(.*)"), with_dst("value-"));
}

TEST(LabelReplace, EmptyResultDeletesTheLabel) {
  EXPECT_EQ(replace(kTestMetric, "dst", "", "dst", ".*"),
            labels({{"__name__", "testmetric"}, {"src", "source-value-10"}}));
}

TEST(LabelReplace, CreatesAndRenamesTheMetric) {
  EXPECT_EQ(replace(kTestMetric, "new", "$0", "src", "source-.*"),
            labels({{"__name__", "testmetric"},
                    {"src", "source-value-10"},
                    {"dst", "original-destination-value"},
                    {"new", "source-value-10"}}));
  EXPECT_EQ(replace(kTestMetric, "__name__", "renamed", "src", ".*").metric_name(), "renamed");
}

TEST(LabelReplace, GoTemplateExpansion) {
  const auto in = labels({{"src", "ab-cd"}});
  const auto dst_of = [&](std::string replacement, std::string regex) {
    return std::string(replace(in, "dst", std::move(replacement), "src", std::move(regex)).get("dst"));
  };
  EXPECT_EQ(dst_of("${1}x", "(.*)-(.*)"), "abx");
  EXPECT_EQ(dst_of("$1x", "(.*)-(.*)"), "");  // the group named "1x" does not exist
  EXPECT_EQ(dst_of("${first}/${second}", "(?P<first>.*)-(?P<second>.*)"), "ab/cd");
  EXPECT_EQ(dst_of("$first.$2", "(?P<first>.*)-(.*)"), "ab.cd");
  EXPECT_EQ(dst_of("$$1 costs $", "(.*)"), "$1 costs $");
  EXPECT_EQ(dst_of("${1", "(.*)"), "${1");
  EXPECT_EQ(dst_of("$9$01$2", "(.*)-(.*)"), "cd");  // unknown groups, and no leading zeros
  EXPECT_EQ(dst_of("[$2]", "(.*)-(x)?(.*)"), "[]");  // an unmatched group
}

TEST(LabelReplace, ErrorsReadAsPrometheus) {
  const auto bad_regex = LabelReplacer::make("dst", "value-$1", "src", "(.*");
  ASSERT_FALSE(bad_regex.has_value());
  EXPECT_EQ(bad_regex.error().message, "invalid regular expression in label_replace(): (.*");
  EXPECT_EQ(bad_regex.error().kind, ErrorKind::invalid_argument);
  const auto bad_dst = LabelReplacer::make("invalid-label-name", "", "src", "(.*)");
  ASSERT_FALSE(bad_dst.has_value());
  EXPECT_EQ(bad_dst.error().message, "invalid destination label name in label_replace(): invalid-label-name");
}

TEST(LabelReplace, ReplacerMoves) {
  auto replacer = *LabelReplacer::make("dst", "x", "src", ".*");
  LabelReplacer moved = std::move(replacer);
  EXPECT_EQ(moved.apply(kTestMetric).get("dst"), "x");
}

}  // namespace
}  // namespace vigil::promql::kernels
